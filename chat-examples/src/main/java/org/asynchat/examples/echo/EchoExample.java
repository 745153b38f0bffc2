package org.asynchat.examples.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;
import org.asynchat.Terminator;
import org.asynchat.examples.Example;
import org.asynchat.examples.Options;
import org.asynchat.examples.support.Listener;

/**
 * The minimal sample: echoes each {@code \n}-terminated line back.
 */
public final class EchoExample implements Example {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "echoes each line ending in \\n back to its sender";
    }

    @Override
    public GroupListener open(EventLoopGroup group, InetSocketAddress address, Options options) throws IOException {
        return Listener.open(group, address, options, EchoHandler::new);
    }

    /** Collects a line, then pushes it back with its newline. */
    static final class EchoHandler extends AsyncChat {
        private static final Terminator LINE = Terminator.of("\n");
        private static final byte[] NEWLINE = {'\n'};

        private ByteBuffer line = ByteBuffer.allocate(256);

        EchoHandler(AcceptedConnection connection) {
            super(connection);
            setTerminator(LINE);
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            if (line.remaining() < data.remaining()) {
                line = ByteBuffer.allocate(Math.max(line.capacity() * 2, line.position() + data.remaining()))
                        .put(line.flip());
            }
            line.put(data);
        }

        @Override
        public void foundTerminator() {
            push(line.flip());
            push(NEWLINE);
            line.clear();
        }
    }
}

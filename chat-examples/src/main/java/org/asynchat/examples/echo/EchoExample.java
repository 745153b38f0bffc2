package org.asynchat.examples.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

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
        private static final byte[] NO_BYTES = {};
        /** The first line buffer, in bytes: short lines fit, and an idle connection keeps 32 B of it. */
        private static final int FIRST_CAPACITY = 16;

        /**
         * The line so far: none until the first byte arrives, then grown by doubling and kept, so
         * that a connection allocates nothing per line and an idle one holds a small array.
         */
        private byte[] line = NO_BYTES;
        private int length;

        EchoHandler(AcceptedConnection connection) {
            super(connection);
            setTerminator(LINE);
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            int n = data.remaining();
            if (line.length - length < n) {
                line = Arrays.copyOf(line, Math.max(Math.max(FIRST_CAPACITY, line.length * 2), length + n));
            }
            data.get(line, length, n);
            length += n;
        }

        @Override
        public void foundTerminator() {
            push(line, 0, length);
            push(NEWLINE);
            length = 0;
        }
    }
}

package org.asynchat.examples.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.EventLoopGroup;
import org.asynchat.FrameTooLongException;
import org.asynchat.GroupListener;
import org.asynchat.Terminator;
import org.asynchat.examples.Example;
import org.asynchat.examples.Flag;
import org.asynchat.examples.Options;
import org.asynchat.examples.support.Listener;

/**
 * The minimal sample: echoes each {@code \n}-terminated line back.
 */
public final class EchoExample implements Example {

    /** The longest line by default: the core's default frame limit. */
    static final int DEFAULT_MAX_LINE = (int) AsyncChat.DEFAULT_MAX_FRAME_LENGTH;
    /** The largest --max-line: a line is held in one array before it is echoed. */
    static final int MAX_MAX_LINE = 64 * 1024 * 1024;

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "echoes each line ending in \\n back to its sender";
    }

    @Override
    public List<Flag> flags() {
        return List.of(new Flag("max-line", "SIZE", "longest line echoed, not counting its \\n; past it the client"
                + " gets the line 'error: line too long (the limit is N bytes); closing' and the connection closes",
                "64k"));
    }

    @Override
    public GroupListener open(EventLoopGroup group, InetSocketAddress address, Options options) throws IOException {
        int maxLine = options.bytes("max-line", 1, MAX_MAX_LINE);
        return Listener.open(group, address, options, connection -> new EchoHandler(connection, maxLine));
    }

    /** Collects a line, then pushes it back with its newline. */
    static final class EchoHandler extends AsyncChat {
        private static final Terminator LINE = Terminator.of("\n");
        private static final byte[] NEWLINE = {'\n'};
        /** After the error line, how long the client's input is read and dropped before closing. */
        private static final Duration LINGER = Duration.ofSeconds(2);
        private static final byte[] NO_BYTES = {};
        /** The first line buffer, in bytes: short lines fit, and an idle connection keeps 32 B of it. */
        private static final int FIRST_CAPACITY = 16;

        private final int maxLine;
        /**
         * The line so far: none until the first byte arrives, then grown by doubling and kept, so
         * that a connection allocates nothing per line and an idle one holds a small array.
         */
        private byte[] line = NO_BYTES;
        private int length;
        private boolean refused;

        EchoHandler(AcceptedConnection connection, int maxLine) {
            super(connection);
            this.maxLine = maxLine;
            setTerminator(LINE);
            setMaxFrameLength(maxLine);
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            if (refused) {
                return;
            }
            int n = data.remaining();
            if (line.length - length < n) {
                line = Arrays.copyOf(line, Math.max(Math.max(FIRST_CAPACITY, line.length * 2), length + n));
            }
            data.get(line, length, n);
            length += n;
        }

        @Override
        public void foundTerminator() {
            if (refused) {
                return;
            }
            push(line, 0, length);
            push(NEWLINE);
            length = 0;
        }

        /**
         * A line went past the limit: the lines before it were echoed; the client is told in
         * one line, and the connection closes. The output side is shut after the error line
         * and the rest of the input is read and dropped for a moment before closing: closing
         * with unread input would reset the connection, and a reset can destroy the error line
         * before the client reads it.
         */
        @Override
        protected void handleFrameTooLong(FrameTooLongException error) {
            refused = true;
            line = NO_BYTES;
            length = 0;
            setTerminator(Terminator.none());
            push(("error: line too long (the limit is " + maxLine + " bytes); closing\n")
                    .getBytes(StandardCharsets.US_ASCII));
            shutdownOutput();
            loop().schedule(LINGER, this::close);
        }
    }
}

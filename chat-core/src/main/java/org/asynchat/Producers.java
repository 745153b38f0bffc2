package org.asynchat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Ready-made {@link Producer}s: asynchat's {@code simple_producer}, plain bytes, and files.
 */
public final class Producers {

    /** asynchat's {@code simple_producer} default slice size, in bytes. */
    public static final int DEFAULT_SIMPLE_BUFFER_SIZE = 512;

    private Producers() {
    }

    /**
     * A producer of one buffer, given in one piece (as bytes queued in asynchat's fifo are).
     * The bytes from the buffer's position to its limit are sent; the buffer is not copied,
     * so it must not be changed until it has been sent.
     *
     * @param data the data
     * @return the producer
     */
    public static Producer of(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        return new Producer() {
            private ByteBuffer next = data.duplicate();

            @Override
            public ByteBuffer more() {
                ByteBuffer out = next;
                next = null;
                return out;
            }

            @Override
            public String toString() {
                return "Producers.of(" + data.remaining() + " bytes)";
            }
        };
    }

    /**
     * A producer of a byte array, in one piece. The array is not copied.
     *
     * @param data the data
     * @return the producer
     */
    public static Producer of(byte[] data) {
        return of(ByteBuffer.wrap(data));
    }

    /**
     * asynchat's {@code simple_producer} with its default slice of
     * {@value #DEFAULT_SIMPLE_BUFFER_SIZE} bytes.
     *
     * @param data the data; not copied
     * @return the producer
     */
    public static Producer simple(byte[] data) {
        return simple(data, DEFAULT_SIMPLE_BUFFER_SIZE);
    }

    /**
     * asynchat's {@code simple_producer}: gives the data in slices of at most
     * {@code bufferSize} bytes.
     *
     * @param data the data; not copied
     * @param bufferSize the largest slice, at least 1
     * @return the producer
     * @throws IllegalArgumentException if {@code bufferSize} is less than 1
     */
    public static Producer simple(byte[] data, int bufferSize) {
        Objects.requireNonNull(data, "data");
        if (bufferSize < 1) {
            throw new IllegalArgumentException("a simple producer's buffer size must be at least 1, got " + bufferSize);
        }
        return new Producer() {
            private final ByteBuffer slice = ByteBuffer.wrap(data).asReadOnlyBuffer();
            private int offset;

            @Override
            public ByteBuffer more() {
                int n = Math.min(bufferSize, data.length - offset);
                slice.limit(offset + n).position(offset);
                offset += n;
                return slice;
            }

            @Override
            public String toString() {
                return "Producers.simple(" + data.length + " bytes, bufferSize " + bufferSize + ")";
            }
        };
    }

    /**
     * A producer of a whole file. Backends that can hand a file to the kernel
     * ({@code sendfile}, {@code FileChannel.transferTo}) send it without copying it through
     * the Java heap; elsewhere it is read in 64 KiB pieces. The file is opened now, so a
     * missing or unreadable file fails here rather than on the loop; it is closed when sent,
     * discarded, or when the channel closes.
     *
     * @param path the file
     * @return the producer
     * @throws UncheckedIOException if the file cannot be opened
     */
    public static Producer file(Path path) {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new FileRegion(channel, 0, channel.size(), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + " to send it: " + e.getMessage(), e);
        }
    }

    /**
     * A producer of a region of an open file, which it closes when done.
     *
     * @param channel the file, open for reading
     * @param position the first byte to send
     * @param count how many bytes to send
     * @return the producer
     */
    public static Producer fileRegion(FileChannel channel, long position, long count) {
        Objects.requireNonNull(channel, "channel");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("a file region needs a position and count of zero or more, got "
                    + position + " and " + count);
        }
        return new FileRegion(channel, position, count, "file region");
    }

    /**
     * A region of a file, which the output queue sends through the backend's file transfer
     * (see {@code SocketHandle.transferFile}) and anything else reads through {@link #more()}.
     */
    public static final class FileRegion implements Producer, AutoCloseable {
        private static final int READ_SIZE = 64 * 1024;

        private final FileChannel channel;
        private final String name;
        private long position;
        private final long end;
        private ByteBuffer readBuffer;

        FileRegion(FileChannel channel, long position, long count, String name) {
            this.channel = channel;
            this.position = position;
            this.end = position + count;
            this.name = name;
        }

        /**
         * Returns the open file.
         *
         * @return the file channel
         */
        public FileChannel channel() {
            return channel;
        }

        /**
         * Returns the next byte to send.
         *
         * @return the file position of the next byte to send
         */
        public long position() {
            return position;
        }

        /**
         * Returns how many bytes are left.
         *
         * @return the number of bytes still to send
         */
        public long remaining() {
            return end - position;
        }

        /**
         * Records that bytes were sent by other means (a kernel file transfer).
         *
         * @param n the number of bytes sent
         * @deprecated Only the output queue sends a region by other means, and it records what
         *     it sent itself; a caller that moves the position skips bytes of the file. To send
         *     part of a file, make the region you want with {@link Producers#fileRegion}. This
         *     method will be removed.
         */
        @Deprecated(since = "0.2.0", forRemoval = true)
        public void advance(long n) {
            sent(n);
        }

        /** The output queue sent {@code n} bytes of the region through the backend's file transfer. */
        void sent(long n) {
            position += n;
        }

        @Override
        public ByteBuffer more() throws IOException {
            long left = end - position;
            if (left <= 0) {
                return null;
            }
            if (readBuffer == null) {
                readBuffer = ByteBuffer.allocateDirect(READ_SIZE);
            }
            ByteBuffer buf = readBuffer.clear();
            if (left < buf.capacity()) {
                buf.limit((int) left);
            }
            int n = channel.read(buf, position);
            if (n < 0) {
                throw new IOException(name + " ended at byte " + position + ", before the " + (end - position)
                        + " bytes the producer was to send (was the file truncated?)");
            }
            position += n;
            return buf.flip();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }

        @Override
        public String toString() {
            return "Producers.file(" + name + ", " + remaining() + " bytes left)";
        }
    }
}

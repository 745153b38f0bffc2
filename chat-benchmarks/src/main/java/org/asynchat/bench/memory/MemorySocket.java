package org.asynchat.bench.memory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.asynchat.spi.SocketHandle;

/**
 * A connected socket in memory: reads return the next bytes of a {@link Source} (at most one
 * read's worth each time, like a socket that always has data), writes are counted and
 * dropped (the null sink). Connects at once.
 */
public final class MemorySocket implements SocketHandle {

    /** What reads return: an endless stream cut into reads of at most {@code readSize} bytes. */
    public static final class Source {
        private final byte[] stream;
        private final int readSize;
        private int at;

        /**
         * Creates a source that repeats {@code stream} forever.
         *
         * @param stream the bytes, repeated
         * @param readSize the most bytes one read returns
         */
        public Source(byte[] stream, int readSize) {
            this.stream = stream;
            this.readSize = readSize;
        }

        int read(ByteBuffer dst) {
            int n = Math.min(Math.min(readSize, dst.remaining()), stream.length - at);
            dst.put(stream, at, n);
            at += n;
            if (at == stream.length) {
                at = 0;
            }
            return n;
        }
    }

    private final MemoryPoller poller;
    private final Source source;
    Object attachment;
    int interest;
    private boolean open = true;
    /** Bytes written into the null sink so far. */
    private long written;
    private long writes;

    MemorySocket(MemoryPoller poller, Source source) {
        this.poller = poller;
        this.source = source;
    }

    /**
     * Returns the bytes written so far.
     *
     * @return the byte count
     */
    public long written() {
        return written;
    }

    /**
     * Returns the write calls so far (a gathering write counts once).
     *
     * @return the call count
     */
    public long writes() {
        return writes;
    }

    @Override
    public boolean connect(SocketAddress remote) {
        return true;
    }

    @Override
    public boolean finishConnect() {
        return true;
    }

    @Override
    public int read(ByteBuffer dst) {
        return source == null ? 0 : source.read(dst);
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        written += n;
        writes++;
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = srcs[i];
            n += b.remaining();
            b.position(b.limit());
        }
        written += n;
        writes++;
        return n;
    }

    @Override
    public long transferFile(FileChannel file, long position, long count) throws IOException {
        long n = Math.min(count, file.size() - position);
        written += n;
        writes++;
        return n;
    }

    @Override
    public void shutdownOutput() {
        // nothing to shut
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 9);
    }

    @Override
    public void interest(int ops) {
        interest = ops;
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) {
        // options mean nothing in memory
    }

    @Override
    public <T> T getOption(SocketOption<T> option) {
        throw new UnsupportedOperationException("the memory socket has no options");
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        poller.deregister(this);
    }
}

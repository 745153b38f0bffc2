package org.asynchat.epoll;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.FileChannel;

import org.asynchat.spi.SocketHandle;

/**
 * A non-blocking TCP socket. Reads and writes go straight from and to the memory of direct
 * buffers; heap buffers are copied through the poller's scratch buffer. {@code EAGAIN} and
 * {@code EINTR} become 0 ("nothing now"): the socket stays ready, or becomes ready, and
 * level-triggered epoll reports it again.
 *
 * <p>File regions go out with {@code sendfile} when the descriptor of the {@link FileChannel}
 * can be read (a JDK file channel; see {@link Native#fileDescriptor0}), else through the
 * scratch buffer. Hazard, as with every {@code sendfile} over a borrowed descriptor: closing
 * the file channel from another thread during a transfer may let the kernel reuse its
 * number; the producers of {@code chat-core} close their channels on the loop thread only.
 */
final class EpollSocketHandle extends EpollHandle implements SocketHandle {

    private static final int NEW = 0;
    private static final int CONNECTING = 1;
    private static final int CONNECTED = 2;

    private int state;
    /** For messages: where a connect goes. */
    private InetSocketAddress remote;

    /** An unconnected socket from {@code openSocket}. */
    EpollSocketHandle(int fd, boolean ipv6, EpollPoller poller, boolean connected) {
        super(fd, ipv6, poller);
        this.state = connected ? CONNECTED : NEW;
    }

    /** An accepted, connected socket. */
    EpollSocketHandle(int fd, boolean ipv6, EpollPoller poller) {
        this(fd, ipv6, poller, true);
    }

    // ---------------------------------------------------------------- connecting

    @Override
    public boolean connect(SocketAddress address) throws IOException {
        ensureOpen();
        if (state == CONNECTED) {
            throw new AlreadyConnectedException();
        }
        if (state == CONNECTING) {
            throw new ConnectionPendingException();
        }
        InetSocketAddress to = SocketAddresses.checked(address);
        remote = to;
        int r = Native.connect0(fd, SocketAddresses.bytesFor(to, ipv6), SocketAddresses.scopeId(to), to.getPort());
        if (r == 0) {
            state = CONNECTED;
            return true;
        }
        if (r == -Native.EINPROGRESS || r == -Native.EINTR) { // EINTR: the connect goes on in the background
            state = CONNECTING;
            return false;
        }
        throw NativeErrors.exception("connect to " + describe(to), r);
    }

    @Override
    public boolean finishConnect() throws IOException {
        ensureOpen();
        if (state == CONNECTED) {
            return true;
        }
        if (state == NEW) {
            throw new java.nio.channels.NoConnectionPendingException();
        }
        int r = Native.finishConnect0(fd);
        if (r == 1) {
            state = CONNECTED;
            return true;
        }
        if (r == 0) {
            return false;
        }
        throw NativeErrors.exception("connect to " + describe(remote), r);
    }

    private static String describe(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + " port " + a.getPort();
    }

    // ---------------------------------------------------------------- reading

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int pos = dst.position();
        int length = dst.limit() - pos;
        if (length == 0) {
            return 0;
        }
        int n;
        if (dst.isDirect()) {
            n = Native.read0(fd, poller.memory.readAddress(dst) + pos, length);
            if (n > 0) {
                dst.position(pos + n);
            }
        } else {
            IoMemory memory = poller.memory;
            n = Native.read0(fd, memory.scratchAddress(), Math.min(length, IoMemory.SCRATCH_BYTES));
            if (n > 0) {
                dst.put(pos, memory.scratch(), 0, n).position(pos + n);
            }
        }
        if (n > 0) {
            return n;
        }
        if (n == 0) {
            return -1;
        }
        return nothingOr("read", n);
    }

    // ---------------------------------------------------------------- writing

    @Override
    public int write(ByteBuffer src) throws IOException {
        ensureOpen();
        int pos = src.position();
        int length = src.limit() - pos;
        if (length == 0) {
            return 0;
        }
        int n;
        if (src.isDirect()) {
            n = Native.write0(fd, poller.memory.writeAddress(src) + pos, length);
        } else {
            IoMemory memory = poller.memory;
            int chunk = Math.min(length, IoMemory.SCRATCH_BYTES);
            memory.scratch().put(0, src, pos, chunk);
            n = Native.write0(fd, memory.scratchAddress(), chunk);
        }
        if (n >= 0) {
            src.position(pos + n);
            return n;
        }
        return nothingOr("write", n);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        ensureOpen();
        IoMemory memory = poller.memory;
        int count = Math.min(length, IoMemory.MAX_IOVECS);
        for (int i = 0; i < count; i++) {
            ByteBuffer b = srcs[offset + i];
            if (!b.isDirect()) {
                return writeThroughScratch(srcs, offset, count);
            }
            int pos = b.position();
            memory.iovec(i, memory.writeAddress(b) + pos, b.limit() - pos);
        }
        long n = Native.writev0(fd, memory.iovecsAddress(), count);
        if (n < 0) {
            return nothingOr("writev", n);
        }
        advance(srcs, offset, count, n);
        return n;
    }

    /** A gathering write with heap buffers among the sources: copied into one scratch write. */
    private long writeThroughScratch(ByteBuffer[] srcs, int offset, int count) throws IOException {
        IoMemory memory = poller.memory;
        ByteBuffer scratch = memory.scratch();
        int filled = 0;
        for (int i = 0; i < count && filled < IoMemory.SCRATCH_BYTES; i++) {
            ByteBuffer b = srcs[offset + i];
            int chunk = Math.min(b.remaining(), IoMemory.SCRATCH_BYTES - filled);
            scratch.put(filled, b, b.position(), chunk);
            filled += chunk;
        }
        int n = filled == 0 ? 0 : Native.write0(fd, memory.scratchAddress(), filled);
        if (n < 0) {
            return nothingOr("writev", n);
        }
        advance(srcs, offset, count, n);
        return n;
    }

    /** Moves the positions of the buffers past the {@code written} bytes. */
    private static void advance(ByteBuffer[] srcs, int offset, int count, long written) {
        long left = written;
        for (int i = 0; i < count && left > 0; i++) {
            ByteBuffer b = srcs[offset + i];
            int step = (int) Math.min(left, b.remaining());
            b.position(b.position() + step);
            left -= step;
        }
    }

    @Override
    public long transferFile(FileChannel file, long position, long count) throws IOException {
        ensureOpen();
        if (!file.isOpen()) {
            throw new ClosedChannelException();
        }
        if (count <= 0) {
            return 0;
        }
        int in = Native.fileDescriptor0(file);
        long n = in >= 0 ? Native.sendfile0(fd, in, position, count) : copyFile(file, position, count);
        if (n > 0) {
            return n;
        }
        if (n == 0) {
            throw new IOException("sendfile: the file ended at byte " + position + ", before the " + count
                    + " bytes asked for (was it truncated?)");
        }
        return nothingOr("sendfile", n);
    }

    /** The file transfer for channels whose descriptor is not known: through the scratch buffer. */
    private long copyFile(FileChannel file, long position, long count) throws IOException {
        IoMemory memory = poller.memory;
        ByteBuffer scratch = memory.scratch().clear();
        scratch.limit((int) Math.min(count, IoMemory.SCRATCH_BYTES));
        int read = file.read(scratch, position);
        if (read <= 0) {
            return 0; // end of file: reported by the caller
        }
        return Native.write0(fd, memory.scratchAddress(), read);
    }

    /** 0 for EAGAIN and EINTR (try again when ready), else the exception for the call. */
    private static int nothingOr(String call, long result) throws IOException {
        if (result == -Native.EAGAIN || result == -Native.EINTR) {
            return 0;
        }
        throw NativeErrors.exception(call, result);
    }

    // ---------------------------------------------------------------- the rest

    @Override
    public void shutdownOutput() throws IOException {
        ensureOpen();
        Native.shutdownOutput(fd);
    }

    @Override
    public InetSocketAddress remoteAddress() throws IOException {
        ensureOpen();
        return state == CONNECTED ? SocketAddresses.read(fd, true) : null;
    }
}

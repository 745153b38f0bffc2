package org.asynchat.epoll;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.channels.ClosedChannelException;

import org.asynchat.spi.Handle;

/**
 * What the listener and socket handles share: a file descriptor, the poller it belongs to,
 * and its registration there.
 *
 * <p>Every method runs on the thread of the owning loop. A closed handle refuses further
 * calls with {@link ClosedChannelException} before touching its descriptor, whose number the
 * kernel may already have given to a new socket.
 */
abstract sealed class EpollHandle implements Handle permits EpollListenerHandle, EpollSocketHandle {

    /** The socket's file descriptor. */
    final int fd;
    /** Whether the socket is AF_INET6 (else AF_INET). */
    final boolean ipv6;
    /** The poller that created the handle, then the one it is registered with. */
    EpollPoller poller;
    /** The registration token given back in each event: the fd and a per-poller generation. */
    long token;
    /** The interest set with the poller ({@code Poller.READ | Poller.WRITE}); 0 when not in the epoll set. */
    int interestOps;
    /** What the ready handler receives for this handle. */
    Object attachment;
    private boolean open = true;

    EpollHandle(int fd, boolean ipv6, EpollPoller poller) {
        this.fd = fd;
        this.ipv6 = ipv6;
        this.poller = poller;
    }

    final void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public final void interest(int ops) throws IOException {
        ensureOpen();
        if (token == 0) {
            throw new IllegalStateException(this + " is not registered with a poller yet");
        }
        poller.changeInterest(this, ops);
    }

    @Override
    public final InetSocketAddress localAddress() throws IOException {
        ensureOpen();
        return SocketAddresses.read(fd, false);
    }

    @Override
    public final <T> void setOption(SocketOption<T> option, T value) throws IOException {
        ensureOpen();
        SocketOptions.set(fd, option, value);
    }

    @Override
    public final <T> T getOption(SocketOption<T> option) throws IOException {
        ensureOpen();
        return SocketOptions.get(fd, option);
    }

    @Override
    public final boolean isOpen() {
        return open;
    }

    /**
     * Closes the descriptor, which also takes it out of the epoll set: this backend never
     * duplicates descriptors, and all are close-on-exec. An event already fetched for it is
     * dropped by the poller, whose table no longer holds this handle.
     */
    @Override
    public final void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        if (token != 0) {
            poller.forget(this);
        }
        Native.close(fd);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[fd " + fd + (open ? "" : ", closed") + "]";
    }
}

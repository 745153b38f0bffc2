package org.asynchat.epoll;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.SocketHandle;

/** A non-blocking listening socket; accepts with accept4 (non-blocking, close-on-exec). */
final class EpollListenerHandle extends EpollHandle implements ListenerHandle {

    EpollListenerHandle(int fd, boolean ipv6, EpollPoller poller) {
        super(fd, ipv6, poller);
    }

    @Override
    public void bind(SocketAddress local, int backlog) throws IOException {
        ensureOpen();
        InetSocketAddress address = SocketAddresses.checked(local);
        Native.bind(fd, SocketAddresses.bytesFor(address, ipv6), SocketAddresses.scopeId(address), address.getPort());
        Native.listen(fd, backlog > 0 ? backlog : Native.SOMAXCONN);
    }

    /**
     * Accepts one connection. {@code EAGAIN} (none pending) and {@code EINTR} return null:
     * the listener stays readable and level-triggered epoll reports it again.
     */
    @Override
    public SocketHandle accept() throws IOException {
        ensureOpen();
        int r = Native.accept0(fd);
        if (r >= 0) {
            return new EpollSocketHandle(r, ipv6, poller);
        }
        if (r == -Native.EAGAIN || r == -Native.EINTR) {
            return null;
        }
        throw NativeErrors.exception("accept4", r);
    }
}

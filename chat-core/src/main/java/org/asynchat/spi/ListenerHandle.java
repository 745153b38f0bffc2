package org.asynchat.spi;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A listening socket. Readiness for {@link Poller#READ} means a connection can be accepted.
 */
public interface ListenerHandle extends Handle {

    /**
     * Binds the socket and starts listening.
     *
     * @param local the address to bind, with port 0 for any free port
     * @param backlog the accept queue length hint; 0 or less for the backend's default
     * @throws IOException if the address cannot be bound (for example, it is in use)
     */
    void bind(SocketAddress local, int backlog) throws IOException;

    /**
     * Accepts one pending connection.
     *
     * @return a connected, non-blocking socket handle not yet registered with any poller, or
     *         {@code null} if no connection is pending
     * @throws IOException if accepting fails; running out of file descriptors is reported as
     *         {@link org.asynchat.spi.ResourceExhaustedException}
     */
    SocketHandle accept() throws IOException;
}

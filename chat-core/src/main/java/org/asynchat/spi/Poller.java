package org.asynchat.spi;

import java.io.Closeable;
import java.io.IOException;
import java.net.ProtocolFamily;

/**
 * One event loop's readiness multiplexer (a {@code Selector}, an {@code epoll} instance), and
 * the factory of the socket handles registered with it.
 *
 * <p>Everything except {@link #wakeup()} is called only from the thread of the event loop
 * that owns the poller.
 */
public interface Poller extends Closeable {

    /** Interest in, and readiness for, reading; for a listener, accepting. */
    int READ = 1;
    /** Interest in, and readiness for, writing; for a connecting socket, connect completion. */
    int WRITE = 2;

    /**
     * Opens an unbound listening socket.
     *
     * @param family the address family of the address it will be bound to
     * @return the listener handle, not yet registered
     * @throws IOException if the socket cannot be created
     */
    ListenerHandle openListener(ProtocolFamily family) throws IOException;

    /**
     * Opens an unconnected non-blocking stream socket.
     *
     * @param family the address family of the address it will connect to
     * @return the socket handle, not yet registered
     * @throws IOException if the socket cannot be created
     */
    SocketHandle openSocket(ProtocolFamily family) throws IOException;

    /**
     * Registers a handle with this poller. A handle accepted by another loop's listener may be
     * registered here, on this poller's thread.
     *
     * @param handle a handle from any poller of the same backend
     * @param interest the initial interest, a combination of {@link #READ} and {@link #WRITE}
     * @param attachment what {@link ReadyHandler#ready} receives for this handle
     * @throws IOException if the registration fails
     */
    void register(Handle handle, int interest, Object attachment) throws IOException;

    /**
     * Waits for readiness and reports each ready handle to the handler, without allocating.
     *
     * @param timeoutNanos how long to wait: 0 for not at all, negative for no limit
     * @param handler receives each ready handle
     * @return the number of handles reported
     * @throws IOException if polling fails
     */
    int poll(long timeoutNanos, ReadyHandler handler) throws IOException;

    /**
     * Makes a poll in progress, or the next one, return promptly. Thread-safe; cheap to call
     * repeatedly.
     */
    void wakeup();

    /** Closes the poller. Handles registered with it must have been closed first. */
    @Override
    void close() throws IOException;
}

package org.asynchat.spi;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;

/**
 * A socket owned by a backend: the common part of {@link ListenerHandle} and
 * {@link SocketHandle}. Called only from the owning event loop's thread.
 */
public interface Handle extends Closeable {

    /**
     * Sets what the poller reports for this handle. Called only when the interest changes.
     *
     * @param ops a combination of {@link Poller#READ} and {@link Poller#WRITE}, or 0
     * @throws IOException if the poller refuses
     */
    void interest(int ops) throws IOException;

    /**
     * Returns the local address.
     *
     * @return the bound address, or {@code null} if not bound
     * @throws IOException if the address cannot be read
     */
    InetSocketAddress localAddress() throws IOException;

    /**
     * Sets a socket option. Backends support at least {@code TCP_NODELAY},
     * {@code SO_REUSEADDR}, {@code SO_REUSEPORT} (where the OS has it), {@code SO_KEEPALIVE},
     * {@code SO_RCVBUF}, {@code SO_SNDBUF} and {@code SO_LINGER} from
     * {@link java.net.StandardSocketOptions}.
     *
     * @param <T> the option's value type
     * @param option the option
     * @param value its value
     * @throws IOException if the option cannot be set
     * @throws UnsupportedOperationException if the backend does not support the option
     */
    <T> void setOption(SocketOption<T> option, T value) throws IOException;

    /**
     * Reads a socket option.
     *
     * @param <T> the option's value type
     * @param option the option
     * @return its value
     * @throws IOException if the option cannot be read
     * @throws UnsupportedOperationException if the backend does not support the option
     */
    <T> T getOption(SocketOption<T> option) throws IOException;

    /**
     * Tells whether the handle is open.
     *
     * @return true until {@link #close()}
     */
    boolean isOpen();

    /** Closes the socket and removes it from its poller. Idempotent. */
    @Override
    void close() throws IOException;
}

package org.asynchat.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A connected (or connecting) non-blocking stream socket. {@code EAGAIN} and {@code EINTR}
 * never escape: reads and writes return 0 instead. A connection reset by the peer is reported
 * as {@link org.asynchat.ConnectionResetException}.
 */
public interface SocketHandle extends Handle {

    /**
     * Starts a non-blocking connect.
     *
     * @param remote the address to connect to, already resolved
     * @return true if the connection completed at once; otherwise readiness for
     *         {@link Poller#WRITE} reports completion, to be confirmed by
     *         {@link #finishConnect()}
     * @throws IOException if the connect fails at once
     */
    boolean connect(SocketAddress remote) throws IOException;

    /**
     * Completes a connect after {@link Poller#WRITE} readiness. Once it returns true, the
     * interest set while connecting keeps its meaning: {@link Poller#WRITE} now reports
     * writability. The loop does not set an unchanged interest again, so a channel that wants
     * to write and not to read after connecting depends on this.
     *
     * @return true if connected, false if still in progress
     * @throws IOException if the connect failed (for example
     *         {@link java.net.ConnectException} when refused)
     */
    boolean finishConnect() throws IOException;

    /**
     * Reads into the buffer, from its position up to its limit, advancing its position.
     *
     * @param dst the buffer
     * @return the number of bytes read, 0 if none are available, -1 at end of stream
     * @throws IOException if reading fails
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes from the buffer, advancing its position.
     *
     * @param src the buffer
     * @return the number of bytes written, 0 if the socket cannot take any now
     * @throws IOException if writing fails
     */
    int write(ByteBuffer src) throws IOException;

    /**
     * Gathering write from several buffers in one system call, advancing their positions.
     *
     * @param srcs the buffers
     * @param offset the first buffer to write
     * @param length how many buffers to write
     * @return the number of bytes written, 0 if the socket cannot take any now
     * @throws IOException if writing fails
     */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Sends part of a file without copying it through the Java heap where the OS allows
     * ({@code sendfile}).
     *
     * @param file the file
     * @param position the first byte to send
     * @param count the most bytes to send
     * @return the number of bytes sent, 0 if the socket cannot take any now
     * @throws IOException if sending fails
     */
    long transferFile(FileChannel file, long position, long count) throws IOException;

    /**
     * Shuts down the output side: the peer reads end of stream once queued data is sent.
     *
     * @throws IOException if the shutdown fails
     */
    void shutdownOutput() throws IOException;

    /**
     * Returns the peer's address.
     *
     * @return the remote address, or {@code null} if not connected
     * @throws IOException if the address cannot be read
     */
    InetSocketAddress remoteAddress() throws IOException;
}

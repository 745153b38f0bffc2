package org.asynchat.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A blocking test client for line protocols: write bytes, read lines (ending at LF; a CR before
 * it is dropped), read exact byte counts, and see whether the server closed. Every read times
 * out after a few seconds, so a server that fails to answer fails the test instead of hanging it.
 */
public final class TextClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /**
     * Connects to 127.0.0.1.
     *
     * @param port the server's port
     * @throws IOException if the connection fails
     */
    public TextClient(int port) throws IOException {
        this(port, 0);
    }

    /**
     * Connects to 127.0.0.1 with a small receive buffer, set before connecting so that the
     * kernel advertises a small window: a client that stops reading then stalls the server's
     * writes after a few kilobytes rather than megabytes.
     *
     * @param port the server's port
     * @param receiveBuffer the receive buffer in bytes; 0 for the system's default
     * @throws IOException if the connection fails
     */
    public TextClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * Returns the socket, to change its options.
     *
     * @return the socket
     */
    public Socket socket() {
        return socket;
    }

    /**
     * Sends text as UTF-8, exactly as given (add the line ending yourself).
     *
     * @param text the text
     * @return this client
     * @throws IOException if writing fails
     */
    public TextClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends bytes.
     *
     * @param bytes the bytes
     * @return this client
     * @throws IOException if writing fails
     */
    public TextClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Reads one line, without its line ending.
     *
     * @return the line, or null at end of stream
     * @throws IOException if reading fails or times out
     */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @param n how many
     * @return the bytes
     * @throws IOException if the stream ends first
     */
    public byte[] readBytes(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new IOException("the server closed after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /**
     * Tells whether the server closed the connection: reads until end of stream, skipping any
     * bytes still in flight, for at most the read timeout.
     *
     * @return true if end of stream (or a reset) was read, false on time-out
     */
    public boolean closedByServer() {
        try {
            while (in.read() >= 0) {
                // skip what is left
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

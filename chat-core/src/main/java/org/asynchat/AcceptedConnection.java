package org.asynchat;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.asynchat.internal.Quietly;
import org.asynchat.spi.SocketHandle;

/**
 * A connection a listening {@link Dispatcher} accepted, waiting to be adopted by a channel:
 * pass it to a channel's constructor ({@code new MyHandler(connection)}) inside
 * {@link Dispatcher#handleAccepted}. A connection not adopted by the time
 * {@code handleAccepted} returns is closed.
 */
public final class AcceptedConnection {
    private final EventLoop loop;
    private final SocketHandle socket;
    private boolean adopted;
    private boolean closed;

    AcceptedConnection(EventLoop loop, SocketHandle socket) {
        this.loop = loop;
        this.socket = socket;
    }

    /**
     * Returns the loop the adopting channel will belong to.
     *
     * @return the event loop
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Returns the peer's address.
     *
     * @return the remote address, or {@code null} if it could not be read
     */
    public InetSocketAddress remoteAddress() {
        try {
            return socket.remoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Returns the local address the connection arrived on.
     *
     * @return the local address, or {@code null} if it could not be read
     */
    public InetSocketAddress localAddress() {
        try {
            return socket.localAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Refuses the connection: closes it without adopting it. */
    public void close() {
        if (!adopted && !closed) {
            closed = true;
            Quietly.close(socket);
        }
    }

    SocketHandle adopt() {
        if (adopted) {
            throw new IllegalStateException("this accepted connection from " + remoteAddress()
                    + " already belongs to a channel; adopt each connection once");
        }
        if (closed) {
            throw new IllegalStateException("this accepted connection was closed; it cannot be adopted");
        }
        adopted = true;
        return socket;
    }

    boolean isAdopted() {
        return adopted;
    }

    @Override
    public String toString() {
        return "AcceptedConnection[" + remoteAddress() + "]";
    }
}

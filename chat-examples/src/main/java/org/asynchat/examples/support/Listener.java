package org.asynchat.examples.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Consumer;

import org.asynchat.AcceptedConnection;
import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;

/**
 * A listening socket that gives every accepted connection to a channel factory: the
 * {@code asyncore.dispatcher} server half that every example needs, written once.
 *
 * <pre>{@code
 * Listener server = new Listener(loop, address, connection -> new MyHandler(connection, state));
 * }</pre>
 */
public final class Listener extends Dispatcher {

    /** Pending connections the kernel queues for us; the examples serve bursts of clients. */
    private static final int BACKLOG = 512;

    private final Consumer<AcceptedConnection> adopt;

    /**
     * Binds and starts listening.
     *
     * @param loop the loop the listener and its connections belong to
     * @param address where to listen
     * @param adopt creates the channel that adopts a connection, for example
     *        {@code MyHandler::new}
     * @throws IOException if the address cannot be bound
     */
    public Listener(EventLoop loop, InetSocketAddress address, Consumer<AcceptedConnection> adopt) throws IOException {
        super(loop);
        this.adopt = Objects.requireNonNull(adopt, "adopt");
        bind(address);
        listen(BACKLOG);
    }

    @Override
    protected void handleAccepted(AcceptedConnection connection) {
        adopt.accept(connection);
    }
}

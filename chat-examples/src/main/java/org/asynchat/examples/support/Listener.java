package org.asynchat.examples.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Function;

import org.asynchat.AcceptedConnection;
import org.asynchat.Dispatcher;
import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;
import org.asynchat.examples.Options;

/**
 * The listening half every example needs, written once: listens on the group's loops and gives
 * every accepted connection to a channel factory, on the loop that will own it.
 *
 * <pre>{@code
 * return Listener.open(group, address, options, connection -> new MyHandler(connection, state));
 * }</pre>
 *
 * With {@code --reuse-port}, each loop gets its own listening socket ({@code SO_REUSEPORT})
 * and the kernel spreads connections; otherwise one listener hands them out round-robin.
 */
public final class Listener {

    /** Pending connections the kernel queues for us; the examples serve bursts of clients. */
    public static final int BACKLOG = 512;

    private Listener() {
    }

    /**
     * Listens as the command line says.
     *
     * @param group the loops that serve the connections
     * @param address where to listen
     * @param options the parsed flags ({@code --reuse-port})
     * @param adopt creates the channel that adopts a connection, for example
     *        {@code MyHandler::new}; with several loops it runs on several threads
     * @return the listener
     * @throws IOException if the address cannot be bound
     */
    public static GroupListener open(EventLoopGroup group, InetSocketAddress address, Options options,
            Function<AcceptedConnection, ? extends Dispatcher> adopt) throws IOException {
        return options.flag("reuse-port")
                ? group.listenReusePort(address, BACKLOG, adopt)
                : group.listen(address, BACKLOG, adopt);
    }
}

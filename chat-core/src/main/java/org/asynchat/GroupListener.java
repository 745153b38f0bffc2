package org.asynchat;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The listening side of an {@link EventLoopGroup}: one listener whose connections are spread
 * over the group's loops, or, with {@code SO_REUSEPORT}, one listener per loop sharing the
 * port. Returned by {@link EventLoopGroup#listen}.
 */
public final class GroupListener implements AutoCloseable {
    private final List<Dispatcher> acceptors;
    private final InetSocketAddress address;

    GroupListener(List<Dispatcher> acceptors, InetSocketAddress address) {
        this.acceptors = List.copyOf(acceptors);
        this.address = address;
    }

    /**
     * Returns the address listened on, with the actual port when port 0 was asked for.
     *
     * @return the local address
     */
    public InetSocketAddress localAddress() {
        return address;
    }

    /**
     * Returns how many listening sockets serve this address: 1, or one per loop with
     * {@code SO_REUSEPORT}.
     *
     * @return the number of listening sockets
     */
    public int listeners() {
        return acceptors.size();
    }

    /** Stops listening; connections already accepted stay open. Thread-safe. */
    @Override
    public void close() {
        for (Dispatcher d : acceptors) {
            EventLoop loop = d.loop();
            if (loop.inEventLoop()) {
                d.close();
            } else {
                loop.offer(d::close); // if the loop closed, its listener closed with it
            }
        }
    }

    @Override
    public String toString() {
        return "GroupListener[" + address + ", " + acceptors.size() + " listener(s)]";
    }
}

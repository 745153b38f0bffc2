package org.asynchat;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;

import org.asynchat.internal.Quietly;
import org.asynchat.spi.Handle;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.Poller;
import org.asynchat.spi.SocketHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's socket before it exists, and making it: the address {@code bind} gave, the
 * options set before {@code listen} or {@code connect} created the socket, and the defaults
 * ({@code SO_REUSEADDR} on listeners, {@code TCP_NODELAY} on every connection). A channel holds
 * one only between its first {@code bind}/{@code setOption} and the socket's creation;
 * accepted connections never have one. Loop thread only.
 */
final class SocketSetup {

    private static final Logger LOG = LoggerFactory.getLogger(SocketSetup.class);

    private SocketAddress boundAddress;
    private List<PendingOption<?>> pendingOptions;

    private record PendingOption<T>(SocketOption<T> option, T value) {
        void applyTo(Handle h) throws IOException {
            h.setOption(option, value);
        }
    }

    void bind(SocketAddress local) {
        boundAddress = local;
    }

    <T> void setOption(SocketOption<T> option, T value) {
        if (pendingOptions == null) {
            pendingOptions = new ArrayList<>(4);
        }
        pendingOptions.add(new PendingOption<>(option, value));
    }

    /**
     * Opens, configures and binds a listener: to the {@code bind} address, or any address and
     * a free port.
     *
     * @param setup the channel's setup, or null if it set nothing
     */
    static ListenerHandle listen(SocketSetup setup, Poller poller, int backlog) throws IOException {
        SocketAddress local = setup != null && setup.boundAddress != null ? setup.boundAddress : new InetSocketAddress(0);
        InetSocketAddress isa = resolve(local, "listen on");
        ListenerHandle listener = poller.openListener(familyOf(isa.getAddress()));
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            applyPendingOptions(setup, listener);
            listener.bind(isa, backlog);
        } catch (IOException | RuntimeException e) {
            Quietly.close(listener);
            // Both backends report a port that cannot be bound as BindException; the text is
            // theirs (and the C library's, which may be translated), so only the type is read.
            throw new IOException("cannot listen on " + describe(isa) + ": " + e.getMessage()
                    + (e instanceof BindException
                            ? " (the port is taken, or the address cannot be bound here; choose another,"
                                    + " or port 0 for any free one)"
                            : ""),
                    e);
        }
        return listener;
    }

    /**
     * Opens, configures and starts connecting a socket. {@code TCP_NODELAY} is on unless the
     * channel set it otherwise, as on accepted connections.
     *
     * @param setup the channel's setup, or null if it set nothing
     */
    static SocketHandle connect(SocketSetup setup, Poller poller, SocketAddress remote) throws IOException {
        InetSocketAddress isa = resolve(remote, "connect to");
        SocketHandle socket = poller.openSocket(familyOf(isa.getAddress()));
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            applyPendingOptions(setup, socket);
            socket.connect(isa);
        } catch (IOException e) {
            Quietly.close(socket);
            throw new IOException("cannot connect to " + describe(isa) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Quietly.close(socket);
            throw e;
        }
        return socket;
    }

    /**
     * Turns Nagle's algorithm off on an accepted socket. Command/response protocols send small
     * messages and wait for answers, the case where Nagle's algorithm and delayed ACKs stall
     * each other for up to 40 ms; output here is already coalesced per turn, so Nagle has
     * nothing left to gain.
     */
    static void noDelay(SocketHandle socket, Dispatcher listener) {
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("{}: cannot set TCP_NODELAY on an accepted socket", listener, e);
        }
    }

    /** A handle's local address; null if there is no handle or it cannot say. */
    static InetSocketAddress localAddress(Handle h) {
        try {
            return h == null ? null : h.localAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** A connection's remote address; null for listeners, or if it cannot say. */
    static InetSocketAddress remoteAddress(Handle h) {
        try {
            return h instanceof SocketHandle s ? s.remoteAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void applyPendingOptions(SocketSetup setup, Handle h) throws IOException {
        if (setup != null && setup.pendingOptions != null) {
            for (PendingOption<?> o : setup.pendingOptions) {
                o.applyTo(h);
            }
        }
    }

    private static InetSocketAddress resolve(SocketAddress address, String what) {
        if (!(address instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("cannot " + what + " " + address
                    + ": only InetSocketAddress (IPv4 or IPv6 and a port) is supported");
        }
        if (isa.isUnresolved()) {
            isa = new InetSocketAddress(isa.getHostString(), isa.getPort());
            if (isa.isUnresolved()) {
                UnresolvedAddressException e = new UnresolvedAddressException();
                e.initCause(new IOException("cannot " + what + " " + isa.getHostString()
                        + ": the host name does not resolve"));
                throw e;
            }
        }
        return isa;
    }

    private static StandardProtocolFamily familyOf(InetAddress address) {
        return address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static String describe(InetSocketAddress isa) {
        return isa.getHostString() + ":" + isa.getPort();
    }
}

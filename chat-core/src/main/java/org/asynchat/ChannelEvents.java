package org.asynchat;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.Poller;
import org.asynchat.spi.SocketHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel state machine: what each event means for a channel in each state (new,
 * listening, connecting, connected, closed). Readiness from the poller, a failure, end of
 * input, a reset peer, and settling at the end of a turn: each is decided here, once, and
 * reaches the channel's public callbacks. Loop thread only (asserted).
 */
final class ChannelEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelEvents.class);

    /** A channel's states ({@code Dispatcher.state}), in the order a channel goes through them. */
    static final int NEW = 0;
    static final int LISTENING = 1;
    static final int CONNECTING = 2;
    static final int CONNECTED = 3;
    static final int CLOSED = 4;

    private ChannelEvents() {
    }

    /** The poller reported the channel ready: accept, finish connecting, or read and write. */
    static void ready(Dispatcher d, int ops) {
        assert d.loop.inEventLoop();
        try {
            switch (d.state) {
                case LISTENING -> {
                    if ((ops & Poller.READ) != 0) {
                        d.acceptor.acceptBatch((ListenerHandle) d.handle);
                    }
                }
                case CONNECTING -> {
                    if (((SocketHandle) d.handle).finishConnect()) {
                        d.state = CONNECTED;
                        d.lastActivityNanos = d.loop.turnNanos();
                        d.handleConnect();
                        d.connected();
                    }
                }
                case CONNECTED -> {
                    if ((ops & Poller.READ) != 0 && !d.inputEnded && !d.readPaused) {
                        d.handleRead();
                    }
                    if ((ops & Poller.WRITE) != 0 && d.state == CONNECTED) {
                        d.handleWrite();
                    }
                }
                default -> {
                }
            }
        } catch (Throwable t) {
            fail(d, t);
        }
    }

    /**
     * Routes a failure: a reset peer is a close ({@link #peerReset}), anything else goes to
     * {@code handleError}; if that throws too, the channel is closed. After the close, nothing.
     */
    static void fail(Dispatcher d, Throwable t) {
        assert d.loop.inEventLoop();
        if (d.state == CLOSED) {
            LOG.debug("{}: error after close", d, t);
            return;
        }
        try {
            if (t instanceof ConnectionResetException) {
                peerReset(d);
            } else {
                d.handleError(t);
            }
        } catch (Throwable second) {
            LOG.error("{}: handleError/handleClose threw while handling {}; closing the channel", d, t, second);
            if (d.state != CLOSED) {
                d.close();
            }
        }
    }

    /**
     * End of stream was read: input has ended, held-back input is delivered, and the peer's
     * half-close is reported ({@code handlePeerShutdown}).
     */
    static void endOfInput(Dispatcher d) {
        d.inputEnded = true;
        d.flushHeldInput();
        if (d.state != CLOSED) {
            d.handlePeerShutdown();
        }
    }

    /**
     * What a reset peer means, wherever the reset shows (a read, a write, a flush): input has
     * ended, held-back input is delivered, and the channel closes through
     * {@code handleClose}, as asyncore's {@code recv} and {@code send} do. Not an error
     * (nothing is logged), and not a half-close: the peer reads nothing more.
     */
    static void peerReset(Dispatcher d) {
        d.inputEnded = true;
        d.flushHeldInput();
        if (d.state != CLOSED) {
            d.handleClose();
        }
    }

    /** The turn ends for this channel: flush its output (AsyncChat), then update its interest. */
    static void settle(Dispatcher d) {
        assert d.loop.inEventLoop();
        if (d.state == CLOSED) {
            return;
        }
        try {
            d.beforeSettle();
            if (d.state != CLOSED) {
                Interest.update(d);
            }
        } catch (Throwable t) {
            fail(d, t);
        }
    }

    /** {@code Dispatcher.handleError}'s default logging: one line for what the peer caused, a stack trace for bugs. */
    static void log(Dispatcher d, Throwable error) {
        if (error instanceof ChannelException) {
            // Caused by the peer or a limit: one line, no stack trace, nothing a peer can flood.
            LOG.warn("{}: {}; closing the channel", d, error.getMessage());
        } else if (error instanceof IOException) {
            // The network's doing (refused, unreachable, timed out): its type and text say it
            // all. Passed as text: SLF4J takes a trailing Throwable for a stack trace.
            LOG.warn("{}: {}; closing the channel", d, error.toString());
        } else {
            LOG.error("{}: uncaught exception, closing the channel", d, error);
        }
    }

    /** Refuses a socket set-up call on a channel that has a socket already. */
    static void checkNew(Dispatcher d, String method) {
        if (d.state != NEW) {
            throw new IllegalStateException(d.getClass().getSimpleName() + "." + method + " needs a new channel, but "
                    + d + " is " + describe(d.state) + "; create a new channel instead");
        }
    }

    /** {@code Dispatcher.toString}: the class, and the addresses or the state. */
    static String describe(Dispatcher d) {
        Class<?> type = d.getClass();
        String name = type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
        if (d.state == CLOSED || d.handle == null) {
            return name + "[" + describe(d.state) + "]";
        }
        InetSocketAddress local = d.localAddress();
        return d.state == LISTENING ? name + "[listening on " + local + "]"
                : name + "[" + local + " <-> " + d.remoteAddress() + (d.state == CONNECTING ? ", connecting" : "") + "]";
    }

    /** The state in words, for messages. */
    static String describe(int state) {
        return switch (state) {
            case NEW -> "not yet listening or connecting";
            case LISTENING -> "listening";
            case CONNECTING -> "connecting";
            case CONNECTED -> "connected";
            default -> "closed";
        };
    }
}

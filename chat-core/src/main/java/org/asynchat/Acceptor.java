package org.asynchat;

import java.io.IOException;

import org.asynchat.internal.Quietly;
import org.asynchat.internal.ScheduledTask;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.ResourceExhaustedException;
import org.asynchat.spi.SocketHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's accepting: a batch of accepts per readiness event, so that a flood of
 * connections cannot hold the loop; a back-off when the process runs out of descriptors
 * ({@code EMFILE}) or accepting keeps failing, so that the loop does not spin on a listener
 * it cannot serve; and the hand-over of each connection to the loop that will own it
 * ({@link Dispatcher#acceptLoop()}: the listener's own, or one a group chose), where
 * {@code handleAccepted} runs. One per listening channel, made by {@code listen}. Loop thread
 * only, except the hand-over's task, which runs on the target loop.
 */
final class Acceptor {

    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);

    /** Accepts per readiness event. */
    private static final int ACCEPTS_PER_EVENT = 64;
    /** Failures other than EMFILE in one batch before backing off. */
    private static final int FAILURES_BEFORE_BACKOFF = 4;
    private static final long BACKOFF_MIN_NANOS = 10_000_000L;
    private static final long BACKOFF_MAX_NANOS = 1_000_000_000L;

    private final Dispatcher listener;
    /** Accepting is paused until the back-off timer runs out. */
    private boolean paused;
    /** The current back-off, in nanoseconds; doubles while failures go on, 0 once accepting works. */
    private long backoffNanos;
    /** The back-off was logged (once per listener: a peer must not flood the log). */
    private boolean logged;

    Acceptor(Dispatcher listener) {
        this.listener = listener;
    }

    /** Tells whether accepting is paused: the listener then has no read interest. */
    boolean isPaused() {
        return paused;
    }

    /** Accepts what is pending, up to a batch. */
    void acceptBatch(ListenerHandle socket) {
        assert listener.loop.inEventLoop();
        int failures = 0;
        for (int i = 0; i < ACCEPTS_PER_EVENT && listener.isListening() && !paused; i++) {
            SocketHandle accepted;
            try {
                accepted = socket.accept();
            } catch (ResourceExhaustedException e) {
                backOff(e);
                return;
            } catch (IOException e) {
                // ECONNABORTED and friends: that one connection is gone and the listener is
                // fine. An error that persists must not spin the loop, though: back off.
                LOG.debug("{}: accept failed: {}", listener, e.toString());
                if (++failures >= FAILURES_BEFORE_BACKOFF) {
                    backOff(e);
                    return;
                }
                continue;
            }
            backoffNanos = 0; // accepting works (or there is nothing to accept)
            if (accepted == null) {
                return;
            }
            SocketSetup.noDelay(accepted, listener);
            EventLoop target = listener.acceptLoop();
            if (target == listener.loop) {
                adopt(target, accepted);
            } else {
                handOver(target, accepted);
            }
        }
    }

    /** Gives an accepted connection to {@code handleAccepted}, on the target loop's thread. */
    private void adopt(EventLoop target, SocketHandle socket) {
        AcceptedConnection connection = new AcceptedConnection(target, socket);
        try {
            listener.handleAccepted(connection);
        } finally {
            if (!connection.isAdopted()) {
                connection.close();
            }
        }
    }

    private void handOver(EventLoop target, SocketHandle socket) {
        boolean taken = target.offer(() -> {
            try {
                adopt(target, socket);
            } catch (Throwable t) {
                // On another loop's thread this listener's handleError must not run.
                LOG.error("{}: handleAccepted threw on {}; the connection was closed", listener, target.name(), t);
            }
        });
        if (!taken) {
            LOG.debug("{}: {} is closed; dropping an accepted connection", listener, target.name());
            Quietly.close(socket);
        }
    }

    private void backOff(IOException e) {
        backoffNanos = backoffNanos == 0 ? BACKOFF_MIN_NANOS : Math.min(BACKOFF_MAX_NANOS, backoffNanos * 2);
        if (!logged) {
            logged = true;
            LOG.warn("{}: cannot accept: {}. Pausing accepts (up to {} ms at a time) while existing connections"
                    + " are served; raise the limit (ulimit -n) if this persists. Logged once.", listener,
                    e.getMessage(), BACKOFF_MAX_NANOS / 1_000_000);
        }
        paused = true;
        EventLoop loop = listener.loop;
        loop.channels.markDirty(listener);
        loop.tasks.arm(new ScheduledTask(() -> {
            paused = false;
            loop.channels.markDirty(listener);
        }), System.nanoTime() + backoffNanos);
    }
}

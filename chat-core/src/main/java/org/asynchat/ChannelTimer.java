package org.asynchat;

import java.time.Duration;

import org.asynchat.internal.ScheduledTask;

/**
 * One of a channel's two timers. The idle timer closes a channel that neither read nor wrote
 * for its timeout: activity ({@link Dispatcher#lastActivityNanos}) extends it, so it re-arms
 * itself for the deadline activity moved. The request timer runs out once after it was
 * started, whatever the activity, which is what stops a peer that trickles a request a byte at
 * a time. Each remembers its timeout, so that a channel carries one field per timer, and
 * being the task itself, no action object. Loop thread only.
 */
final class ChannelTimer extends ScheduledTask {

    private final Dispatcher channel;
    private final boolean idle;
    /** The timeout, in nanoseconds; 0 when off. */
    private long nanos;

    private ChannelTimer(Dispatcher channel, boolean idle) {
        this.channel = channel;
        this.idle = idle;
    }

    /**
     * Sets a channel's idle timeout (zero or negative: off) and counts idleness from now.
     *
     * @param timer the channel's idle timer, or null if it has none yet
     * @return the idle timer, made if needed; null if none was needed
     */
    static ChannelTimer setIdle(ChannelTimer timer, Dispatcher channel, Duration timeout) {
        long nanos = Math.max(0, timeout.toNanos());
        if (timer == null) {
            if (nanos == 0) {
                return null;
            }
            timer = new ChannelTimer(channel, true);
        }
        timer.setIdleTimeout(nanos);
        return timer;
    }

    /**
     * Starts (or restarts) a channel's request timer.
     *
     * @param timer the channel's request timer, or null if it has none yet
     * @return the request timer, made if needed
     */
    static ChannelTimer startRequest(ChannelTimer timer, Dispatcher channel, Duration timeout) {
        if (timer == null) {
            timer = new ChannelTimer(channel, false);
        }
        timer.start(Math.max(0, timeout.toNanos()));
        return timer;
    }

    /** Stops a timer, if there is one. */
    static void stop(ChannelTimer timer) {
        if (timer != null) {
            timer.channel.loop.tasks.disarm(timer);
        }
    }

    /** Returns the timeout in milliseconds, for messages; 0 when off. */
    static long millis(ChannelTimer timer) {
        return timer == null ? 0 : timer.nanos / 1_000_000;
    }

    private void setIdleTimeout(long timeoutNanos) {
        EventLoop loop = channel.loop;
        nanos = timeoutNanos;
        if (timeoutNanos == 0) {
            loop.tasks.disarm(this);
            return;
        }
        channel.lastActivityNanos = System.nanoTime();
        loop.tasks.arm(this, channel.lastActivityNanos + timeoutNanos);
    }

    private void start(long timeoutNanos) {
        nanos = timeoutNanos;
        channel.loop.tasks.arm(this, System.nanoTime() + timeoutNanos);
    }

    @Override
    protected void run() {
        if (idle) {
            idleCheck();
        } else {
            requestTimedOut();
        }
    }

    private void idleCheck() {
        Dispatcher d = channel;
        EventLoop loop = d.loop;
        long timeout = nanos;
        if (!d.isOpen() || timeout == 0) {
            return;
        }
        long idleFor = System.nanoTime() - d.lastActivityNanos;
        if (idleFor >= timeout) {
            try {
                d.handleIdleTimeout();
            } catch (Throwable t) {
                ChannelEvents.fail(d, t);
            }
            if (d.isOpen() && nanos > 0 && !isQueued()) {
                loop.tasks.arm(this, System.nanoTime() + nanos);
            }
        } else {
            loop.tasks.arm(this, d.lastActivityNanos + timeout);
        }
        loop.channels.markDirty(d);
    }

    private void requestTimedOut() {
        Dispatcher d = channel;
        if (!d.isOpen()) {
            return;
        }
        try {
            d.handleRequestTimeout();
        } catch (Throwable t) {
            ChannelEvents.fail(d, t);
        }
        d.loop.channels.markDirty(d);
    }
}

package org.asynchat.spi;

/**
 * Receives readiness from {@link Poller#poll}: the event loop's dispatch entry point.
 */
@FunctionalInterface
public interface ReadyHandler {

    /**
     * Called once per ready handle during a poll.
     *
     * @param attachment the object the handle was registered with
     * @param readyOps {@link Poller#READ} and/or {@link Poller#WRITE}; errors and hang-ups are
     *        reported as both, so that the next read or write reports them
     */
    void ready(Object attachment, int readyOps);
}

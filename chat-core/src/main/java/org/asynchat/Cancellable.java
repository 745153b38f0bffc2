package org.asynchat;

/**
 * A scheduled task that can be called off. Returned by {@link EventLoop#schedule}.
 */
public interface Cancellable {

    /**
     * Cancels the task if it has not run yet. Thread-safe.
     *
     * @return true if this call prevented the task from running
     */
    boolean cancel();

    /**
     * Tells whether the task was cancelled.
     *
     * @return true if cancelled before it ran
     */
    boolean isCancelled();
}

package org.asynchat.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task in a {@link TimerQueue}: a deadline in {@link System#nanoTime()} units and the code
 * to run. Reusable: a channel's idle timer is one instance re-armed for its whole life.
 */
public class ScheduledTask {
    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int DONE = 2;

    private final Runnable action;
    private final AtomicInteger state = new AtomicInteger(PENDING);
    /** Deadline, in {@code System.nanoTime()} units. */
    long deadline;
    /** Insertion order, so that equal deadlines run first-in first-out. */
    long sequence;
    /** Index in the timer heap, or -1 when not queued. */
    int heapIndex = -1;

    /**
     * Creates a task.
     *
     * @param action what to run at the deadline
     */
    public ScheduledTask(Runnable action) {
        this.action = action;
    }

    /** Creates a task whose subclass overrides {@link #run()}: no action object to carry. */
    protected ScheduledTask() {
        this.action = null;
    }

    /** What runs at the deadline: the action given to the constructor, unless overridden. */
    protected void run() {
        action.run();
    }

    /**
     * Returns the deadline.
     *
     * @return the deadline in {@link System#nanoTime()} units
     */
    public long deadline() {
        return deadline;
    }

    /** Runs the action unless cancelled. Called by the loop. */
    void fire() {
        if (state.compareAndSet(PENDING, DONE)) {
            run();
        }
    }

    /** Makes a fired task pending again, for re-arming. */
    void rearm() {
        state.compareAndSet(DONE, PENDING);
    }

    /**
     * Cancels the task if it has not run yet; a cancelled task never runs.
     *
     * @return true if this call cancelled it
     */
    public boolean cancel() {
        return state.compareAndSet(PENDING, CANCELLED);
    }

    /**
     * Tells whether the task was cancelled.
     *
     * @return true once cancelled
     */
    public boolean isCancelled() {
        return state.get() == CANCELLED;
    }

    /**
     * Tells whether the task is queued.
     *
     * @return true while in a timer queue
     */
    public boolean isQueued() {
        return heapIndex >= 0;
    }
}

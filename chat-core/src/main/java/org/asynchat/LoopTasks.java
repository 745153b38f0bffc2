package org.asynchat;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

import org.asynchat.internal.ScheduledTask;
import org.asynchat.internal.TimerQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loop's work other than sockets: tasks handed in from any thread (a lock-free queue, run
 * in order, a bounded number per turn so that tasks which queue tasks cannot starve the
 * sockets) and timers (a heap on deadline, loop thread only). A task or timer that throws is
 * logged and the loop goes on.
 */
final class LoopTasks {

    private static final Logger LOG = LoggerFactory.getLogger(LoopTasks.class);
    /** Tasks run per turn at most. */
    private static final int TASKS_PER_TURN = 1024;

    private final EventLoop loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final TimerQueue timers = new TimerQueue();
    /** Made once: a lambda made per turn would allocate per turn. */
    private final BiConsumer<ScheduledTask, Throwable> onTimerFailure;

    /** A task of {@code EventLoop.schedule}: a timer the caller may cancel. */
    static final class Timer extends ScheduledTask implements Cancellable {
        Timer(Runnable action) {
            super(action);
        }
    }

    LoopTasks(EventLoop loop) {
        this.loop = loop;
        this.onTimerFailure = (task, t) -> LOG.error("{}: a scheduled task threw; the loop goes on", loop.name(), t);
    }

    /** Queues a task; any thread. */
    void add(Runnable task) {
        tasks.add(task);
    }

    /** Tells whether a task waits: the next poll must not block. */
    boolean hasTasks() {
        return !tasks.isEmpty();
    }

    /** Drops every task not yet run (the loop closed). */
    void dropTasks() {
        tasks.clear();
    }

    void runTasks() {
        for (int i = 0; i < TASKS_PER_TURN; i++) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("{}: a task given to execute() threw; the loop goes on", loop.name(), t);
            }
        }
    }

    /** Queues a timer, or moves it; loop thread. */
    void arm(ScheduledTask task, long deadline) {
        assert loop.inEventLoop();
        timers.add(task, deadline);
    }

    /** Removes a timer if queued; loop thread. */
    void disarm(ScheduledTask task) {
        assert loop.inEventLoop();
        timers.remove(task);
    }

    /** Nanoseconds until the next timer is due: 0 if one is, -1 if there is none. */
    long nanosUntilNextTimer(long now) {
        return timers.nanosUntilNext(now);
    }

    void runDueTimers(long now) {
        if (timers.size() > 0) {
            timers.runDue(now, onTimerFailure);
        }
    }
}

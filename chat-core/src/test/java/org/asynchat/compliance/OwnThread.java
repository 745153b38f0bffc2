package org.asynchat.compliance;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a test's blocking work (a peer that reads or writes a socket, a poll without a limit) on
 * a thread of its own, and hands back its result as a future.
 *
 * <p>Not {@code CompletableFuture.supplyAsync(task)}: its default executor is the common
 * {@code ForkJoinPool}, which has one worker on a 2-CPU machine. JDK 17 quietly used a thread per
 * task below a parallelism of 2, but JDK 25 always uses the common pool, so a second blocking
 * task waits behind the first, and a test that waits for it times out. Blocking work
 * gets a thread; the common pool is for short computations.
 */
public final class OwnThread {

    private OwnThread() {
    }

    /**
     * Starts a daemon thread that runs the task.
     *
     * @param name the thread's name, for thread dumps of a stuck test
     * @param task the blocking work
     * @param <T> its result
     * @return the task's result, or its exception
     */
    public static <T> CompletableFuture<T> supply(String name, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }
}

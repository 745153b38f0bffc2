package org.asynchat.compliance;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.asynchat.EventLoop;

/** An event loop running on its own thread, for tests that drive peers from the test thread. */
public final class LoopThread implements AutoCloseable {
    /** The loop. */
    public final EventLoop loop;
    private final Thread thread;

    LoopThread(EventLoop loop) {
        this.loop = loop;
        this.thread = loop.start();
    }

    /**
     * Runs code on the loop's thread and waits for it.
     *
     * @param <T> the result type
     * @param task the code
     * @return its result
     * @throws Exception what the code threw
     */
    public <T> T call(Callable<T> task) throws Exception {
        try {
            return loop.submit(task).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Returns the id of the loop's thread.
     *
     * @return the thread id
     */
    public long threadId() {
        return thread.getId();
    }

    @Override
    public void close() throws InterruptedException {
        loop.close();
        thread.join(10_000);
    }
}

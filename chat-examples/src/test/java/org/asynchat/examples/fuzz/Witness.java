package org.asynchat.examples.fuzz;

import java.util.Random;

/**
 * A {@link WellFormedClient} exchanging on its own thread, one exchange after another, until
 * stopped; the first failure ends it and is kept.
 */
final class Witness implements AutoCloseable {

    /** Between exchanges, so that the witness checks throughout without taking the CPU from the fuzzing. */
    private static final long PAUSE_MILLIS = 5;

    private final Thread thread;
    private final WellFormedClient client;
    private volatile boolean stopping;
    private volatile int exchanges;
    private volatile long slowestNanos;
    private volatile Throwable failure;

    private Witness(WellFormedClient client, long seed) {
        this.client = client;
        this.thread = new Thread(() -> exchangeUntilStopped(new Random(seed)), "fuzz-witness");
        thread.setDaemon(true);
    }

    /**
     * Connects a well-formed client and starts its exchanges.
     *
     * @param factory connects the client
     * @param port the server's port
     * @param seed the seed of its payloads
     * @return the running witness
     * @throws Exception if it cannot connect
     */
    static Witness start(WellFormedClient.Factory factory, int port, long seed) throws Exception {
        Witness w = new Witness(factory.connect(port), seed);
        w.thread.start();
        return w;
    }

    private void exchangeUntilStopped(Random random) {
        try {
            while (!stopping) {
                long start = System.nanoTime();
                client.exchange(random);
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
                exchanges++;
                Thread.sleep(PAUSE_MILLIS);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Whether an exchange failed (the run may stop early). */
    boolean failed() {
        return failure != null;
    }

    /** Exchanges completed, every answer correct. */
    int exchanges() {
        return exchanges;
    }

    /** The longest an exchange took, in milliseconds: how long the hostile clients kept it waiting. */
    long slowestMillis() {
        return slowestNanos / 1_000_000;
    }

    /** The first failure, or null. */
    Throwable failure() {
        return failure;
    }

    /**
     * Lets the exchange under way finish, then disconnects.
     *
     * @throws Exception if the client does not close
     */
    @Override
    public void close() throws Exception {
        stopping = true;
        thread.join(15_000);
        if (thread.isAlive()) {
            failure = failure != null ? failure
                    : new AssertionError("the well-formed client's last exchange did not finish within 15 s");
        }
        client.close();
    }
}

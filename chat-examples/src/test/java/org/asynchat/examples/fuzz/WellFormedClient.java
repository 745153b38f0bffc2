package org.asynchat.examples.fuzz;

import java.io.IOException;
import java.util.Random;

/**
 * A client that speaks the protocol correctly and checks the content of every answer: the
 * witness that hostile connections to the same server harm no other. One stays connected for
 * the whole fuzz run, exchanging requests and answers; another is opened afterwards, to show
 * the server still accepts and serves new clients.
 */
interface WellFormedClient extends AutoCloseable {

    /** Connects a well-formed client. */
    @FunctionalInterface
    interface Factory {
        /**
         * Connects, and completes whatever greeting the protocol has.
         *
         * @param port the server's port on 127.0.0.1
         * @return the connected client
         * @throws Exception if it cannot connect, or the greeting is wrong
         */
        WellFormedClient connect(int port) throws Exception;
    }

    /**
     * Runs one exchange: requests whose answers are known (random payloads, so that a stale or
     * crossed answer cannot pass), each answer checked in full.
     *
     * @param random the source of payloads
     * @throws Exception an {@link AssertionError} naming the wrong answer, or the I/O failure
     */
    void exchange(Random random) throws Exception;

    @Override
    void close() throws IOException;
}

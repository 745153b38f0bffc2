package org.asynchat.examples.fuzz;

/**
 * One hostile client: the bytes it sends and how it behaves on the wire. Derived from the
 * run's seed and the case number only, so {@code -Dfuzz.seed=S -Dfuzz.case=N} replays it.
 *
 * @param number the case number
 * @param bytes what the client sends
 * @param delivery how the bytes are cut into writes
 * @param ending how the client leaves
 * @param resetAfter for {@link Ending#RESET}: after how many bytes the connection is reset
 * @param wireSeed the seed of the write sizes and pauses
 * @param recipe how the bytes were made, for failure messages
 */
record FuzzCase(int number, byte[] bytes, Delivery delivery, Ending ending, int resetAfter, long wireSeed,
        String recipe) {

    /** How the bytes are cut into writes. */
    enum Delivery {
        /** One write. */
        WHOLE,
        /** Writes of random sizes, now and then with a millisecond's pause between them. */
        CHUNKS,
        /** One byte per write (short inputs only): every split of every frame. */
        BYTE_BY_BYTE
    }

    /** How the client leaves. */
    enum Ending {
        /** Closes as soon as it has written, whatever the server still sends. */
        CLOSE,
        /** Reads the answers for a moment, then closes. */
        READ_THEN_CLOSE,
        /** Shuts down its output (a half-close) and reads until the server closes, for a while. */
        HALF_CLOSE,
        /** Resets the connection (SO_LINGER 0) after {@code resetAfter} bytes, possibly mid-frame. */
        RESET,
        /** Never reads a byte; closes once it has written. */
        NEVER_READ,
        /**
         * Never reads a byte and stays connected for a while, writing what the server takes: a
         * slow reader, whose answers pile up in the server until its limits act.
         */
        STALL
    }

    @Override
    public String toString() {
        return "case " + number + ": " + bytes.length + " bytes (" + recipe + "), " + delivery + ", " + ending
                + (ending == Ending.RESET ? " after " + resetAfter + " bytes" : "") + ", starting '"
                + Bytes.printable(bytes, 160) + "'";
    }
}

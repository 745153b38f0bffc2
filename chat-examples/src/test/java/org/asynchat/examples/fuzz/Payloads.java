package org.asynchat.examples.fuzz;

import java.util.Random;

/** Random payloads for well-formed clients: answers must carry them back, so none can be stale. */
final class Payloads {

    private Payloads() {
    }

    /**
     * Printable ASCII text without line breaks.
     *
     * @param r the random source
     * @param maxLength the longest text
     * @return text of 1 to {@code maxLength} characters
     */
    static String text(Random r, int maxLength) {
        char[] c = new char[1 + r.nextInt(maxLength)];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) (0x21 + r.nextInt(0x5E));
        }
        return new String(c);
    }

    /**
     * A word unique to one exchange: 16 hex digits.
     *
     * @param r the random source
     * @return the word
     */
    static String token(Random r) {
        return String.format("%016x", r.nextLong());
    }
}

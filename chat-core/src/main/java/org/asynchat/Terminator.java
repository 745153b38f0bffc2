package org.asynchat;

import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;

import org.asynchat.framing.DelimiterScanner;
import org.asynchat.internal.DelimiterSearch;
import org.asynchat.internal.Framer;
import org.asynchat.internal.TerminatorAccess;

/**
 * How incoming data is framed: asynchat's terminator, which is a delimiter, a byte count, or
 * nothing.
 *
 * <ul>
 *   <li>{@link #of(String)} / {@link #of(byte[])}: {@code foundTerminator()} is called each
 *       time the delimiter is seen; the delimiter itself is never passed to
 *       {@code collectIncomingData}. Delimiters may be of any length and may overlap
 *       themselves ({@code "aab"}, {@code "abab"}).</li>
 *   <li>{@link #count(long)}: {@code foundTerminator()} is called once after that many more
 *       bytes have been collected. While counting, {@code getTerminator()} reports the bytes
 *       still missing, and {@code count(0)} once it has fired; as in asynchat, the count goes
 *       down after each {@code collectIncomingData} call, so inside it the count still includes
 *       the data being collected. Like asynchat, a fired count that is not replaced collects
 *       everything that follows, as {@link #none()} does.</li>
 *   <li>{@link #none()}: everything is collected and {@code foundTerminator()} is never
 *       called.</li>
 * </ul>
 *
 * <p>Instances are immutable and may be shared between channels and threads; keep the ones
 * a protocol switches between in constants, since {@link #of(String)} pre-computes the
 * delimiter's search tables.
 */
public abstract sealed class Terminator permits Terminator.Delimiter, Terminator.Count, Terminator.None {

    static {
        // How InputFramer, in the framing package, applies a terminator (see TerminatorAccess).
        TerminatorAccess.register((terminator, framer) -> ((Terminator) terminator).applyTo(framer));
    }

    private Terminator() {
    }

    /** Sets a framer to frame by this terminator. */
    abstract void applyTo(Framer framer);

    /**
     * A delimiter given as text whose characters must all be US-ASCII (0 to 127), encoded one
     * byte per character. Protocol delimiters ({@code "\n"}, {@code "\r\n"},
     * {@code "\r\n.\r\n"}) are ASCII; for anything else say which bytes you mean with
     * {@link #of(String, Charset)} or {@link #of(byte[])}. No platform charset is ever used.
     *
     * @param delimiter the delimiter text, not empty, ASCII only
     * @return the terminator
     * @throws IllegalArgumentException if the text is empty or holds a non-ASCII character
     */
    public static Terminator of(String delimiter) {
        Objects.requireNonNull(delimiter, "delimiter");
        byte[] bytes = new byte[delimiter.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = delimiter.charAt(i);
            if (c > 0x7F) {
                throw new IllegalArgumentException("Terminator.of(String) accepts US-ASCII text only, but the"
                        + " delimiter has U+" + String.format("%04X", (int) c) + " at index " + i
                        + "; use Terminator.of(text, charset) or Terminator.of(byte[]) to say which bytes you mean");
            }
            bytes[i] = (byte) c;
        }
        return new Delimiter(bytes);
    }

    /**
     * A delimiter given as text, encoded with the given charset.
     *
     * @param delimiter the delimiter text, not empty
     * @param charset the encoding of the delimiter's bytes on the wire
     * @return the terminator
     * @throws IllegalArgumentException if the text is empty
     */
    public static Terminator of(String delimiter, Charset charset) {
        Objects.requireNonNull(delimiter, "delimiter");
        Objects.requireNonNull(charset, "charset");
        return new Delimiter(delimiter.getBytes(charset));
    }

    /**
     * A delimiter given as bytes. The array is copied.
     *
     * @param delimiter the delimiter, at least one byte
     * @return the terminator
     * @throws IllegalArgumentException if the array is empty
     */
    public static Terminator of(byte[] delimiter) {
        Objects.requireNonNull(delimiter, "delimiter");
        return new Delimiter(delimiter.clone());
    }

    /**
     * A byte count: {@code foundTerminator()} fires after {@code count} more bytes.
     *
     * @param count how many bytes to collect, zero or more
     * @return the terminator
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static Terminator count(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("a terminator byte count must be zero or more, got " + count
                    + "; use Terminator.none() to collect without end");
        }
        return count < Count.SHARED.length ? Count.SHARED[(int) count] : new Count(count);
    }

    /**
     * No terminator: all data is collected and {@code foundTerminator()} is never called.
     *
     * @return the terminator
     */
    public static Terminator none() {
        return None.INSTANCE;
    }

    /** A delimiter terminator. */
    public static final class Delimiter extends Terminator {
        private final DelimiterSearch search;
        /** Made on the first call of the deprecated {@link #scanner()}; a benign race. */
        private DelimiterScanner scanner;

        private Delimiter(byte[] bytes) {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("a terminator delimiter must be at least one byte long;"
                        + " use Terminator.none() to collect without end");
            }
            this.search = DelimiterSearch.of(bytes);
        }

        /**
         * Returns the delimiter's bytes.
         *
         * @return a copy of the delimiter's bytes
         */
        public byte[] bytes() {
            return search.delimiter();
        }

        /**
         * Returns the delimiter's length in bytes.
         *
         * @return the delimiter's length in bytes
         */
        public int length() {
            return search.length();
        }

        /**
         * Returns a scanner for this delimiter.
         *
         * @return a scanner that finds this delimiter
         * @deprecated The terminator's search is internal: {@code InputFramer} and
         *     {@code AsyncChat} use it without this method. To search for a delimiter
         *     yourself, compile a scanner once with {@code DelimiterScanner.of(bytes())} and
         *     keep it. This method will be removed.
         */
        @Deprecated(since = "0.2.0", forRemoval = true)
        public DelimiterScanner scanner() {
            DelimiterScanner s = scanner;
            if (s == null) {
                s = scanner = DelimiterScanner.of(search.delimiter());
            }
            return s;
        }

        @Override
        void applyTo(Framer framer) {
            framer.delimitBy(search);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Delimiter d && search.sameDelimiter(d.search);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(search.delimiter());
        }

        @Override
        public String toString() {
            return "Terminator.of(" + DelimiterSearch.printable(search.delimiter()) + ")";
        }
    }

    /** A byte-count terminator. */
    public static final class Count extends Terminator {
        /**
         * The counts up to 1 KiB and a CRLF, made once: protocols set a count per value (RESP's
         * {@code $N}, HTTP's chunks), and most values are small.
         */
        static final Count[] SHARED = new Count[1024 + 3];

        static {
            for (int i = 0; i < SHARED.length; i++) {
                SHARED[i] = new Count(i);
            }
        }

        private final long count;

        private Count(long count) {
            this.count = count;
        }

        /**
         * Returns the number of bytes to collect (or left to collect, when read back from a
         * channel).
         *
         * @return the byte count
         */
        public long count() {
            return count;
        }

        @Override
        void applyTo(Framer framer) {
            framer.countDown(count);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Count c && c.count == count;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(count);
        }

        @Override
        public String toString() {
            return "Terminator.count(" + count + ")";
        }
    }

    /** The absence of a terminator. */
    public static final class None extends Terminator {
        static final None INSTANCE = new None();

        private None() {
        }

        @Override
        void applyTo(Framer framer) {
            framer.collectAll();
        }

        @Override
        public String toString() {
            return "Terminator.none()";
        }
    }
}

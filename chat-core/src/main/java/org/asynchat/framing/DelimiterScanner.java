package org.asynchat.framing;

import java.nio.ByteBuffer;

import org.asynchat.internal.DelimiterSearch;

/**
 * Finds one delimiter in byte buffers: the innermost loop of every delimiter-framed channel.
 *
 * <p>An instance is compiled once per delimiter (see {@code Terminator.of}) and is immutable
 * and thread-safe. The search tests many positions at once for the delimiter's first byte,
 * and for delimiters of two bytes or more also for its last byte at the matching distance;
 * only positions where both agree are compared in full. Two paths do this, chosen once per
 * JVM with no flag to set (see {@link #searchPath()}): the vector path on
 * {@code jdk.incubator.vector} (16 to 64 bytes per step) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, and otherwise the portable SWAR path ("SIMD
 * within a register", eight bytes per step in a {@code long}). Heap buffers are read
 * through their backing array, direct and read-only buffers in place, in both cases
 * without a per-byte call through an interface and without allocating.
 *
 * <p>Matches across buffer boundaries are carried as a match length, never as a copy of
 * bytes: {@link #partialMatchAtEnd} says how many trailing bytes of a buffer begin the
 * delimiter, and {@link #step} advances such a partial match by one byte (Knuth-Morris-Pratt,
 * so self-overlapping delimiters such as {@code "aab"} or {@code "abab"} are found exactly
 * once, at the right place). {@link InputFramer} combines the two.
 *
 * <p>All indices are absolute buffer indices; buffer positions and limits are neither read nor
 * changed.
 */
public final class DelimiterScanner {

    /** The search itself; this class is its public face (see {@link DelimiterSearch}). */
    private final DelimiterSearch search;

    private DelimiterScanner(DelimiterSearch search) {
        this.search = search;
    }

    /**
     * Compiles a scanner for a delimiter.
     *
     * @param delimiter the delimiter, at least one byte; the array is copied
     * @return the scanner
     * @throws IllegalArgumentException if the delimiter is empty
     */
    public static DelimiterScanner of(byte[] delimiter) {
        return new DelimiterScanner(DelimiterSearch.of(delimiter));
    }

    /**
     * Returns the delimiter.
     *
     * @return a copy of the delimiter's bytes
     */
    public byte[] delimiter() {
        return search.delimiter();
    }

    /**
     * Returns the delimiter's length.
     *
     * @return the delimiter's length in bytes
     */
    public int length() {
        return search.length();
    }

    /**
     * Returns the delimiter's byte at an index, without copying the delimiter.
     *
     * @param index an index from 0 to {@code length() - 1}
     * @return the byte
     */
    public byte byteAt(int index) {
        return search.byteAt(index);
    }

    /**
     * Tells whether another scanner searches for the same bytes.
     *
     * @param other another scanner
     * @return true if both delimiters are equal
     */
    public boolean sameDelimiter(DelimiterScanner other) {
        return search.sameDelimiter(other.search);
    }

    /**
     * Finds the first occurrence of the delimiter that lies wholly in {@code [from, to)}.
     * Heap buffers are searched through their backing array; direct, read-only and other
     * buffers in place.
     *
     * @param buffer the bytes to search
     * @param from the first index to search
     * @param to one past the last index to search
     * @return the index of the delimiter's first byte, or -1 if it does not occur
     */
    public int indexOf(ByteBuffer buffer, int from, int to) {
        return search.indexOf(buffer, from, to);
    }

    /**
     * Finds the first occurrence of the delimiter that lies wholly in {@code array[from, to)}.
     *
     * @param array the bytes to search
     * @param from the first index to search
     * @param to one past the last index to search
     * @return the index of the delimiter's first byte, or -1 if it does not occur
     */
    public int indexOf(byte[] array, int from, int to) {
        return search.indexOf(array, from, to);
    }

    /**
     * Says which search path this JVM uses: the vector path ({@code jdk.incubator.vector})
     * when the JVM was started with {@code --add-modules jdk.incubator.vector}, otherwise
     * the portable SWAR path. Chosen once per JVM; for logs and benchmark reports.
     *
     * @return a one-line description of the search path
     */
    public static String searchPath() {
        return DelimiterSearch.searchPath();
    }

    /**
     * Returns how many bytes at the end of {@code [from, to)} are a proper prefix of the
     * delimiter: the longest such prefix, from 0 to {@code length() - 1}. Those bytes may be
     * the start of a delimiter that the next buffer completes.
     *
     * @param buffer the bytes to examine
     * @param from the first index that may belong to the prefix
     * @param to one past the last byte
     * @return the length of the longest delimiter prefix ending at {@code to}
     */
    public int partialMatchAtEnd(ByteBuffer buffer, int from, int to) {
        return search.partialMatchAtEnd(buffer, from, to);
    }

    /**
     * Advances a partial match by one byte (one Knuth-Morris-Pratt transition).
     *
     * @param matched how many delimiter bytes are matched so far, 0 to {@code length() - 1}
     * @param next the next byte of input
     * @return how many delimiter bytes are matched after {@code next}; {@code length()} means
     *         the delimiter is complete
     */
    public int step(int matched, byte next) {
        return search.step(matched, next);
    }

    /**
     * Returns the length of the longest prefix of {@code needle}, shorter than the whole
     * needle, that {@code haystack} ends with: asynchat's {@code find_prefix_at_end}. For
     * example {@code findPrefixAtEnd("qwerty\r", "\r\n")} is 1 and
     * {@code findPrefixAtEnd("qwertydkjf", "\r\n")} is 0.
     *
     * @param haystack the bytes to examine
     * @param needle the delimiter, at least one byte
     * @return the prefix length, from 0 to {@code needle.length - 1}
     */
    public static int findPrefixAtEnd(byte[] haystack, byte[] needle) {
        return DelimiterSearch.findPrefixAtEnd(haystack, needle);
    }

    /**
     * Like {@link #findPrefixAtEnd(byte[], byte[])} over the remaining bytes of a buffer
     * (from its position to its limit), which is left unchanged.
     *
     * @param haystack the bytes to examine
     * @param needle the delimiter, at least one byte
     * @return the prefix length, from 0 to {@code needle.length - 1}
     */
    public static int findPrefixAtEnd(ByteBuffer haystack, byte[] needle) {
        return DelimiterSearch.findPrefixAtEnd(haystack, needle);
    }

    /**
     * Renders bytes for messages and {@code toString()}: printable ASCII as is, the rest as
     * Java escapes, in double quotes.
     *
     * @param bytes the bytes
     * @return a printable, quoted rendering
     */
    public static String printable(byte[] bytes) {
        return DelimiterSearch.printable(bytes);
    }

    @Override
    public String toString() {
        return "DelimiterScanner" + DelimiterSearch.printable(search.delimiter());
    }
}

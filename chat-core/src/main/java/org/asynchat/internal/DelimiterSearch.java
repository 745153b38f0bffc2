package org.asynchat.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Finds one delimiter in byte buffers: the engine behind the public
 * {@code org.asynchat.framing.DelimiterScanner} and behind every delimiter
 * {@code Terminator}, kept here so that {@code org.asynchat} frames without depending on the
 * {@code framing} package (which depends on it). The public class documents the behaviour;
 * this one is that behaviour. Immutable and thread-safe; all indices are absolute buffer
 * indices, and buffer positions and limits are neither read nor changed.
 */
public final class DelimiterSearch {

    private final byte[] delimiter;
    /** {@code border[i]}: length of the longest proper border of {@code delimiter[0..i]}. */
    private final int[] border;
    private final byte first;

    private DelimiterSearch(byte[] delimiter) {
        this.delimiter = delimiter;
        this.border = borders(delimiter);
        this.first = delimiter[0];
    }

    /**
     * Compiles the search for a delimiter.
     *
     * @param delimiter the delimiter, at least one byte; the array is copied
     * @return the search
     * @throws IllegalArgumentException if the delimiter is empty
     */
    public static DelimiterSearch of(byte[] delimiter) {
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("a delimiter must be at least one byte long");
        }
        return new DelimiterSearch(delimiter.clone());
    }

    /**
     * Returns the delimiter.
     *
     * @return a copy of the delimiter's bytes
     */
    public byte[] delimiter() {
        return delimiter.clone();
    }

    /**
     * Returns the delimiter's length.
     *
     * @return the delimiter's length in bytes
     */
    public int length() {
        return delimiter.length;
    }

    /**
     * Returns the delimiter's byte at an index, without copying the delimiter.
     *
     * @param index an index from 0 to {@code length() - 1}
     * @return the byte
     */
    public byte byteAt(int index) {
        return delimiter[index];
    }

    /**
     * Tells whether another search looks for the same bytes.
     *
     * @param other another search
     * @return true if both delimiters are equal
     */
    public boolean sameDelimiter(DelimiterSearch other) {
        return other == this || Arrays.equals(delimiter, other.delimiter);
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
        Objects.checkFromToIndex(from, to, buffer.limit());
        if (buffer.hasArray()) {
            int offset = buffer.arrayOffset();
            int found = search(buffer.array(), from + offset, to + offset);
            return found < 0 ? -1 : found - offset;
        }
        final byte[] d = delimiter;
        if (Vectorization.BUFFERS) {
            return d.length == 1
                    ? VectorSearch.indexOfByte(buffer, from, to, first)
                    : VectorSearch.indexOfMulti(buffer, from, to, d);
        }
        return d.length == 1
                ? SwarSearch.indexOfByte(buffer, from, to, first)
                : SwarSearch.indexOfMulti(buffer, from, to, d);
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
        Objects.checkFromToIndex(from, to, array.length);
        return search(array, from, to);
    }

    private int search(byte[] a, int from, int to) {
        final byte[] d = delimiter;
        if (Vectorization.ARRAYS) {
            return d.length == 1 ? VectorSearch.indexOfByte(a, from, to, first) : VectorSearch.indexOfMulti(a, from, to, d);
        }
        return d.length == 1 ? SwarSearch.indexOfByte(a, from, to, first) : SwarSearch.indexOfMulti(a, from, to, d);
    }

    /**
     * Says which search path this JVM uses: the vector path ({@code jdk.incubator.vector})
     * when the JVM was started with {@code --add-modules jdk.incubator.vector}, otherwise
     * the portable SWAR path. Chosen once per JVM; for logs and benchmark reports.
     *
     * @return a one-line description of the search path
     */
    public static String searchPath() {
        return Vectorization.describe();
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
        Objects.checkFromToIndex(from, to, buffer.limit());
        final byte[] d = delimiter;
        for (int k = Math.min(d.length - 1, to - from); k > 0; k--) {
            if (buffer.get(to - k) == d[0] && prefixMatches(buffer, to - k, k)) {
                return k;
            }
        }
        return 0;
    }

    private boolean prefixMatches(ByteBuffer buffer, int at, int k) {
        final byte[] d = delimiter;
        for (int j = 1; j < k; j++) {
            if (buffer.get(at + j) != d[j]) {
                return false;
            }
        }
        return true;
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
        final byte[] d = delimiter;
        int q = matched;
        while (q > 0 && d[q] != next) {
            q = border[q - 1];
        }
        return d[q] == next ? q + 1 : 0;
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
        Objects.requireNonNull(haystack, "haystack");
        Objects.requireNonNull(needle, "needle");
        for (int k = Math.min(needle.length - 1, haystack.length); k > 0; k--) {
            if (Arrays.equals(haystack, haystack.length - k, haystack.length, needle, 0, k)) {
                return k;
            }
        }
        return 0;
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
        Objects.requireNonNull(needle, "needle");
        if (needle.length == 0) {
            return 0;
        }
        return new DelimiterSearch(needle.clone()).partialMatchAtEnd(haystack, haystack.position(), haystack.limit());
    }

    /**
     * Renders bytes for messages and {@code toString()}: printable ASCII as is, the rest as
     * Java escapes, in double quotes.
     *
     * @param bytes the bytes
     * @return a printable, quoted rendering
     */
    public static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 2).append('"');
        for (byte b : bytes) {
            switch (b) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7F) {
                        sb.append((char) b);
                    } else {
                        sb.append(String.format("\\x%02x", b & 0xFF));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        return "DelimiterSearch" + printable(delimiter);
    }

    private static int[] borders(byte[] d) {
        int[] b = new int[d.length];
        int k = 0;
        for (int i = 1; i < d.length; i++) {
            while (k > 0 && d[k] != d[i]) {
                k = b[k - 1];
            }
            if (d[k] == d[i]) {
                k++;
            }
            b[i] = k;
        }
        return b;
    }
}

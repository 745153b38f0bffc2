package org.asynchat.framing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Finds one delimiter in byte buffers: the innermost loop of every delimiter-framed channel.
 *
 * <p>An instance is compiled once per delimiter (see {@code Terminator.of}) and is immutable
 * and thread-safe. The search reads eight bytes at a time (SWAR: "SIMD within a register")
 * and tests all eight positions for the delimiter's first byte, and for delimiters of two
 * bytes or more also for its last byte at the matching distance, with a handful of integer
 * operations; only positions where both agree are compared in full. Heap buffers are read
 * through their backing array, direct and read-only buffers through a {@code ByteBuffer}
 * view, in both cases without a per-byte call through an interface and without allocating.
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

    private static final VarHandle ARRAY_LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BUFFER_LONG_LE =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

    private final byte[] delimiter;
    /** {@code border[i]}: length of the longest proper border of {@code delimiter[0..i]}. */
    private final int[] border;
    private final byte first;
    private final byte last;
    /** The first byte repeated in all eight lanes of a word. */
    private final long firstLanes;
    /** The last byte repeated in all eight lanes of a word. */
    private final long lastLanes;

    private DelimiterScanner(byte[] delimiter) {
        this.delimiter = delimiter;
        this.border = borders(delimiter);
        this.first = delimiter[0];
        this.last = delimiter[delimiter.length - 1];
        this.firstLanes = (first & 0xFFL) * ONES;
        this.lastLanes = (last & 0xFFL) * ONES;
    }

    /**
     * Compiles a scanner for a delimiter.
     *
     * @param delimiter the delimiter, at least one byte; the array is copied
     * @return the scanner
     * @throws IllegalArgumentException if the delimiter is empty
     */
    public static DelimiterScanner of(byte[] delimiter) {
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("a delimiter must be at least one byte long");
        }
        return new DelimiterScanner(delimiter.clone());
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
     * Tells whether another scanner searches for the same bytes.
     *
     * @param other another scanner
     * @return true if both delimiters are equal
     */
    public boolean sameDelimiter(DelimiterScanner other) {
        return other == this || Arrays.equals(delimiter, other.delimiter);
    }

    /**
     * Finds the first occurrence of the delimiter that lies wholly in {@code [from, to)}.
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
            int found = indexOf(buffer.array(), from + offset, to + offset);
            return found < 0 ? -1 : found - offset;
        }
        return delimiter.length == 1 ? indexOfByte(buffer, from, to) : indexOfMulti(buffer, from, to);
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
        return delimiter.length == 1 ? indexOfByte(array, from, to) : indexOfMulti(array, from, to);
    }

    // Word tests. For one byte: the classic "has a zero byte" expression (w - 0x01..) & ~w & 0x80..
    // on a word read little-endian; its lowest flagged lane is always a true zero (a borrow only
    // flags lanes above a real zero), and only the lowest is used. For two bytes, every flagged
    // lane is used, so the exact form ~(((w & 0x7F..) + 0x7F..) | w | 0x7F..) is needed: it flags
    // exactly the zero lanes, and a flagged lane has its first and last bytes right.

    private int indexOfByte(byte[] a, int from, int to) {
        final long lanes = firstLanes;
        int i = from;
        for (int end = to - Long.BYTES; i <= end; i += Long.BYTES) {
            long w = (long) ARRAY_LONG_LE.get(a, i) ^ lanes;
            long hits = (w - ONES) & ~w & HIGHS;
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        final byte b = first;
        for (; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int indexOfByte(ByteBuffer buf, int from, int to) {
        final long lanes = firstLanes;
        int i = from;
        for (int end = to - Long.BYTES; i <= end; i += Long.BYTES) {
            long w = (long) BUFFER_LONG_LE.get(buf, i) ^ lanes;
            long hits = (w - ONES) & ~w & HIGHS;
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        final byte b = first;
        for (; i < to; i++) {
            if (buf.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private int indexOfMulti(byte[] a, int from, int to) {
        final byte[] d = delimiter;
        final int lastOffset = d.length - 1;
        final long fl = firstLanes;
        final long ll = lastLanes;
        int i = from;
        // Candidate start positions are i..i+7; the last-byte word is read lastOffset further on.
        for (int end = to - lastOffset - Long.BYTES; i <= end; i += Long.BYTES) {
            long w = ((long) ARRAY_LONG_LE.get(a, i) ^ fl) | ((long) ARRAY_LONG_LE.get(a, i + lastOffset) ^ ll);
            long hits = zeroLanes(w);
            while (hits != 0) {
                int at = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                if (middleMatches(a, at)) {
                    return at;
                }
                hits &= hits - 1;
            }
        }
        final byte f = first;
        final byte l = last;
        for (int end = to - d.length; i <= end; i++) {
            if (a[i] == f && a[i + lastOffset] == l && middleMatches(a, i)) {
                return i;
            }
        }
        return -1;
    }

    private int indexOfMulti(ByteBuffer buf, int from, int to) {
        final byte[] d = delimiter;
        final int lastOffset = d.length - 1;
        final long fl = firstLanes;
        final long ll = lastLanes;
        int i = from;
        for (int end = to - lastOffset - Long.BYTES; i <= end; i += Long.BYTES) {
            long w = ((long) BUFFER_LONG_LE.get(buf, i) ^ fl) | ((long) BUFFER_LONG_LE.get(buf, i + lastOffset) ^ ll);
            long hits = zeroLanes(w);
            while (hits != 0) {
                int at = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                if (middleMatches(buf, at)) {
                    return at;
                }
                hits &= hits - 1;
            }
        }
        final byte f = first;
        final byte l = last;
        for (int end = to - d.length; i <= end; i++) {
            if (buf.get(i) == f && buf.get(i + lastOffset) == l && middleMatches(buf, i)) {
                return i;
            }
        }
        return -1;
    }

    /** The high bit of each lane of {@code w} that is zero, and of no other lane. */
    private static long zeroLanes(long w) {
        return ~(((w & LOWS) + LOWS) | w | LOWS);
    }

    /** Whether the whole delimiter stands at {@code at}; the caller has checked the ends. */
    private boolean middleMatches(byte[] a, int at) {
        final byte[] d = delimiter;
        final int lastOffset = d.length - 1;
        return lastOffset <= 1 || Arrays.equals(a, at + 1, at + lastOffset, d, 1, lastOffset);
    }

    private boolean middleMatches(ByteBuffer buf, int at) {
        final byte[] d = delimiter;
        for (int j = 1, n = d.length - 1; j < n; j++) {
            if (buf.get(at + j) != d[j]) {
                return false;
            }
        }
        return true;
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
        return new DelimiterScanner(needle.clone()).partialMatchAtEnd(haystack, haystack.position(), haystack.limit());
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
        return "DelimiterScanner" + printable(delimiter);
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

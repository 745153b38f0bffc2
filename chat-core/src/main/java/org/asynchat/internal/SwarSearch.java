package org.asynchat.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The portable delimiter search: eight bytes per step in a {@code long} (SWAR, "SIMD within
 * a register"). This is the default path, used when the vector module is not present.
 *
 * <p>For every candidate position the search tests the delimiter's first byte and, for
 * delimiters of two bytes or more, its last byte at the matching distance; only positions
 * where both agree are compared in full (so data full of the first byte, such as CRLF lines
 * searched for {@code "\r\n\r\n"}, costs almost nothing extra). A wide loop tests 32 bytes
 * per branch; for one byte it then picks the hit without branches, for longer delimiters it
 * hands the block to the 8-byte loop, which verifies each candidate.
 *
 * <p>There are two copies of each loop, for arrays and for {@code ByteBuffer}s, on purpose:
 * the byte-array and byte-buffer {@link VarHandle}s take different receivers, and a shared
 * loop over an abstraction would cost the call per word that the design rules forbid.
 *
 * <p>All methods take absolute indices, check nothing (the caller has) and allocate nothing.
 */
public final class SwarSearch {

    private static final VarHandle ARRAY_LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BUFFER_LONG_LE =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    /** Bytes the wide loops test per branch. */
    private static final int WIDE = 4 * Long.BYTES;
    /** Bytes {@link #near} tests without a branch. */
    public static final int NEAR = 2 * WIDE;

    private SwarSearch() {
    }

    // Word tests, on words read little-endian after XOR with the sought byte in every lane.
    // zeros(): the classic "has a zero byte" expression (w - 0x01..) & ~w & 0x80..; it is
    // non-zero exactly when some lane is zero, and its lowest flagged lane is a true zero, but a
    // borrow can flag a 0x01 lane above a real zero. So it serves the wide loops (any hit?) and
    // the one-byte search (lowest hit only). zeroLanes(): the exact form, which flags the zero
    // lanes and no other, for the multi-byte search that visits every flagged lane.

    /**
     * Returns the byte repeated in all eight lanes of a {@code long}.
     *
     * @param b the byte
     * @return the broadcast word
     */
    public static long lanes(byte b) {
        return (b & 0xFFL) * ONES;
    }

    /**
     * The eight bytes at {@code i}, little-endian whatever the buffer's byte order: the load of
     * the branch-free probes ({@link #near}, {@link #nearMulti}) on buffers.
     *
     * <p>JVM hazard (JDK 17, C2): the probes read eight words in straight-line code. Through
     * the byte-buffer {@link VarHandle}, whose base object (null for direct memory) is only
     * known at run time, they compiled to code about four times slower in roughly one JVM in
     * four, depending on which of {@code DelimiterScanner.indexOf} and this class's searches
     * C2 finished first (it inlines one into the other or not); the framer on direct buffers
     * fell from ~25 to ~10 million frames per second in those JVMs. {@code ByteBuffer.getLong}
     * on a direct buffer passes a constant null base and compiled the same way every time
     * (8 of 8 forks), some 10 % below the VarHandle's good case. The wide loops keep the
     * VarHandle: there the loop optimisations hide the difference and it is faster.
     */
    private static long load(ByteBuffer buf, int i) {
        long w = buf.getLong(i);
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? w : Long.reverseBytes(w);
    }

    private static long zeros(long w) {
        return (w - ONES) & ~w & HIGHS;
    }

    /**
     * The index (0 to 31) of the lowest flagged lane of four consecutive words, or 32 if
     * none is flagged, computed without branches: on dense data (a line every ~40 bytes) the
     * word that holds the hit is random, and a branch per word would be mispredicted about once
     * per match, which costs more than this whole computation.
     */
    private static int firstLane(long z0, long z1, long z2, long z3) {
        int r = 24 + (Long.numberOfTrailingZeros(z3) >>> 3); // 32 when z3 is 0 too
        r = z2 != 0 ? 16 + (Long.numberOfTrailingZeros(z2) >>> 3) : r;
        r = z1 != 0 ? 8 + (Long.numberOfTrailingZeros(z1) >>> 3) : r;
        return z0 != 0 ? Long.numberOfTrailingZeros(z0) >>> 3 : r;
    }

    /**
     * Where {@code lanes}' byte first occurs in the {@value #NEAR} bytes at {@code i}, 0 to
     * {@code NEAR - 1}, or {@code NEAR} if it does not; without a branch. Searches start with
     * it: on dense data (a line every ~40 bytes) it settles the search with no mispredicted
     * branch, and the vector path uses it for the same reason (on JDK 17 turning a vector
     * mask into an index costs more than this).
     *
     * @param a the bytes, at least {@code i + NEAR} long
     * @param i the first index
     * @param lanes the byte in every lane, from {@link #lanes}
     * @return the offset of the first occurrence, or {@code NEAR}
     */
    public static int near(byte[] a, int i, long lanes) {
        int low = firstLane(zeros((long) ARRAY_LONG_LE.get(a, i) ^ lanes), zeros((long) ARRAY_LONG_LE.get(a, i + 8) ^ lanes),
                zeros((long) ARRAY_LONG_LE.get(a, i + 16) ^ lanes), zeros((long) ARRAY_LONG_LE.get(a, i + 24) ^ lanes));
        int high = firstLane(zeros((long) ARRAY_LONG_LE.get(a, i + 32) ^ lanes), zeros((long) ARRAY_LONG_LE.get(a, i + 40) ^ lanes),
                zeros((long) ARRAY_LONG_LE.get(a, i + 48) ^ lanes), zeros((long) ARRAY_LONG_LE.get(a, i + 56) ^ lanes));
        return low < WIDE ? low : WIDE + high;
    }

    /**
     * Where {@code lanes}' byte first occurs in the {@value #NEAR} bytes at {@code i}, 0 to
     * {@code NEAR - 1}, or {@code NEAR} if it does not; without a branch. Searches start with
     * it: on dense data (a line every ~40 bytes) it settles the search with no mispredicted
     * branch, and the vector path uses it for the same reason (on JDK 17 turning a vector
     * mask into an index costs more than this).
     *
     * @param buf the bytes, at least {@code i + NEAR} long
     * @param i the first index
     * @param lanes the byte in every lane, from {@link #lanes}
     * @return the offset of the first occurrence, or {@code NEAR}
     */
    public static int near(ByteBuffer buf, int i, long lanes) {
        int low = firstLane(zeros(load(buf, i) ^ lanes), zeros(load(buf, i + 8) ^ lanes),
                zeros(load(buf, i + 16) ^ lanes), zeros(load(buf, i + 24) ^ lanes));
        int high = firstLane(zeros(load(buf, i + 32) ^ lanes), zeros(load(buf, i + 40) ^ lanes),
                zeros(load(buf, i + 48) ^ lanes), zeros(load(buf, i + 56) ^ lanes));
        return low < WIDE ? low : WIDE + high;
    }

    /**
     * Where the first candidate (first and last byte in place) of a multi-byte delimiter lies
     * among the {@code span} ({@code WIDE} or {@link #NEAR}) positions at {@code i}, or
     * {@code span}; branch-free.
     *
     * @param a the bytes, at least {@code i + span + lastOffset} long
     * @param i the first candidate position
     * @param lastOffset the delimiter's length minus one
     * @param fl the first byte in every lane
     * @param ll the last byte in every lane
     * @param span 32 or 64
     * @return the offset of the first candidate, or {@code span}
     */
    public static int nearMulti(byte[] a, int i, int lastOffset, long fl, long ll, int span) {
        int low = firstLane(pair(a, i, lastOffset, fl, ll), pair(a, i + 8, lastOffset, fl, ll),
                pair(a, i + 16, lastOffset, fl, ll), pair(a, i + 24, lastOffset, fl, ll));
        if (span == WIDE) {
            return low;
        }
        int high = firstLane(pair(a, i + 32, lastOffset, fl, ll), pair(a, i + 40, lastOffset, fl, ll),
                pair(a, i + 48, lastOffset, fl, ll), pair(a, i + 56, lastOffset, fl, ll));
        return low < WIDE ? low : WIDE + high;
    }

    /** The exact zero lanes of (first-byte word XOR) | (last-byte word XOR) at {@code i}. */
    private static long pair(byte[] a, int i, int lastOffset, long fl, long ll) {
        return zeroLanes(((long) ARRAY_LONG_LE.get(a, i) ^ fl) | ((long) ARRAY_LONG_LE.get(a, i + lastOffset) ^ ll));
    }

    /**
     * Where the first candidate (first and last byte in place) of a multi-byte delimiter lies
     * among the {@code span} ({@code WIDE} or {@link #NEAR}) positions at {@code i}, or
     * {@code span}; branch-free.
     *
     * @param buf the bytes, at least {@code i + span + lastOffset} long
     * @param i the first candidate position
     * @param lastOffset the delimiter's length minus one
     * @param fl the first byte in every lane
     * @param ll the last byte in every lane
     * @param span 32 or 64
     * @return the offset of the first candidate, or {@code span}
     */
    public static int nearMulti(ByteBuffer buf, int i, int lastOffset, long fl, long ll, int span) {
        int low = firstLane(pair(buf, i, lastOffset, fl, ll), pair(buf, i + 8, lastOffset, fl, ll),
                pair(buf, i + 16, lastOffset, fl, ll), pair(buf, i + 24, lastOffset, fl, ll));
        if (span == WIDE) {
            return low;
        }
        int high = firstLane(pair(buf, i + 32, lastOffset, fl, ll), pair(buf, i + 40, lastOffset, fl, ll),
                pair(buf, i + 48, lastOffset, fl, ll), pair(buf, i + 56, lastOffset, fl, ll));
        return low < WIDE ? low : WIDE + high;
    }

    /** The exact zero lanes of (first-byte word XOR) | (last-byte word XOR) at {@code i}. */
    private static long pair(ByteBuffer buf, int i, int lastOffset, long fl, long ll) {
        return zeroLanes((load(buf, i) ^ fl) | (load(buf, i + lastOffset) ^ ll));
    }

    private static long zeroLanes(long w) {
        return ~(((w & LOWS) + LOWS) | w | LOWS);
    }

    /**
     * Finds a byte in {@code a[from, to)}.
     *
     * @param a the array
     * @param from the first index
     * @param to one past the last index
     * @param b the byte
     * @return the index of the first occurrence, or -1
     */
    public static int indexOfByte(byte[] a, int from, int to, byte b) {
        final long lanes = lanes(b);
        int i = from;
        if (to - from >= NEAR) {
            int r = near(a, from, lanes);
            if (r < NEAR) {
                return from + r;
            }
            i += NEAR;
        }
        for (int end = to - WIDE; i <= end; i += WIDE) {
            long z0 = zeros((long) ARRAY_LONG_LE.get(a, i) ^ lanes);
            long z1 = zeros((long) ARRAY_LONG_LE.get(a, i + 8) ^ lanes);
            long z2 = zeros((long) ARRAY_LONG_LE.get(a, i + 16) ^ lanes);
            long z3 = zeros((long) ARRAY_LONG_LE.get(a, i + 24) ^ lanes);
            if ((z0 | z1 | z2 | z3) != 0) {
                return i + firstLane(z0, z1, z2, z3);
            }
        }
        for (int end = to - Long.BYTES; i <= end; i += Long.BYTES) {
            long hits = zeros((long) ARRAY_LONG_LE.get(a, i) ^ lanes);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Finds a byte in {@code buf[from, to)}; any kind of buffer.
     *
     * @param buf the buffer
     * @param from the first index
     * @param to one past the last index
     * @param b the byte
     * @return the index of the first occurrence, or -1
     */
    public static int indexOfByte(ByteBuffer buf, int from, int to, byte b) {
        final long lanes = lanes(b);
        int i = from;
        if (to - from >= NEAR) {
            int r = near(buf, from, lanes);
            if (r < NEAR) {
                return from + r;
            }
            i += NEAR;
        }
        for (int end = to - WIDE; i <= end; i += WIDE) {
            long z0 = zeros((long) BUFFER_LONG_LE.get(buf, i) ^ lanes);
            long z1 = zeros((long) BUFFER_LONG_LE.get(buf, i + 8) ^ lanes);
            long z2 = zeros((long) BUFFER_LONG_LE.get(buf, i + 16) ^ lanes);
            long z3 = zeros((long) BUFFER_LONG_LE.get(buf, i + 24) ^ lanes);
            if ((z0 | z1 | z2 | z3) != 0) {
                return i + firstLane(z0, z1, z2, z3);
            }
        }
        for (int end = to - Long.BYTES; i <= end; i += Long.BYTES) {
            long hits = zeros((long) BUFFER_LONG_LE.get(buf, i) ^ lanes);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Finds a delimiter of two bytes or more in {@code a[from, to)}: the first occurrence
     * that lies wholly inside the range.
     *
     * @param a the array
     * @param from the first index
     * @param to one past the last index
     * @param d the delimiter, at least two bytes
     * @return the index of the delimiter's first byte, or -1
     */
    public static int indexOfMulti(byte[] a, int from, int to, byte[] d) {
        final int lastOffset = d.length - 1;
        final long fl = lanes(d[0]);
        final long ll = lanes(d[lastOffset]);
        int i = from;
        // Candidate start positions are i.., the last-byte words are read lastOffset further on.
        // The first NEAR positions are tested branch-free (dense CRLF lines end there); then a
        // cheap any-candidate test per WIDE positions, and a branch-free pick on a hit. A
        // candidate whose middle differs (rare) restarts the search just after it.
        if (to - lastOffset - from >= NEAR) {
            int r = nearMulti(a, i, lastOffset, fl, ll, NEAR);
            if (r < NEAR) {
                int at = i + r;
                if (middleMatches(a, at, d)) {
                    return at;
                }
                i = at + 1;
            } else {
                i += NEAR;
            }
        }
        for (int end = to - lastOffset - WIDE; i <= end; i += WIDE) {
            long w0 = ((long) ARRAY_LONG_LE.get(a, i) ^ fl) | ((long) ARRAY_LONG_LE.get(a, i + lastOffset) ^ ll);
            long w1 = ((long) ARRAY_LONG_LE.get(a, i + 8) ^ fl) | ((long) ARRAY_LONG_LE.get(a, i + 8 + lastOffset) ^ ll);
            long w2 = ((long) ARRAY_LONG_LE.get(a, i + 16) ^ fl) | ((long) ARRAY_LONG_LE.get(a, i + 16 + lastOffset) ^ ll);
            long w3 = ((long) ARRAY_LONG_LE.get(a, i + 24) ^ fl) | ((long) ARRAY_LONG_LE.get(a, i + 24 + lastOffset) ^ ll);
            if ((zeros(w0) | zeros(w1) | zeros(w2) | zeros(w3)) != 0) {
                int at = i + nearMulti(a, i, lastOffset, fl, ll, WIDE);
                if (middleMatches(a, at, d)) {
                    return at;
                }
                i = at + 1 - WIDE;
            }
        }
        for (int end = to - lastOffset - Long.BYTES; i <= end; i += Long.BYTES) {
            long w = ((long) ARRAY_LONG_LE.get(a, i) ^ fl) | ((long) ARRAY_LONG_LE.get(a, i + lastOffset) ^ ll);
            long hits = zeroLanes(w);
            while (hits != 0) {
                int at = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                if (middleMatches(a, at, d)) {
                    return at;
                }
                hits &= hits - 1;
            }
        }
        return indexOfMultiTail(a, i, to, d);
    }

    /**
     * Finds a delimiter of two bytes or more in {@code buf[from, to)}; any kind of buffer.
     *
     * @param buf the buffer
     * @param from the first index
     * @param to one past the last index
     * @param d the delimiter, at least two bytes
     * @return the index of the delimiter's first byte, or -1
     */
    public static int indexOfMulti(ByteBuffer buf, int from, int to, byte[] d) {
        final int lastOffset = d.length - 1;
        final long fl = lanes(d[0]);
        final long ll = lanes(d[lastOffset]);
        int i = from;
        // Candidate start positions are i.., the last-byte words are read lastOffset further on.
        // The first NEAR positions are tested branch-free (dense CRLF lines end there); then a
        // cheap any-candidate test per WIDE positions, and a branch-free pick on a hit. A
        // candidate whose middle differs (rare) restarts the search just after it.
        if (to - lastOffset - from >= NEAR) {
            int r = nearMulti(buf, i, lastOffset, fl, ll, NEAR);
            if (r < NEAR) {
                int at = i + r;
                if (middleMatches(buf, at, d)) {
                    return at;
                }
                i = at + 1;
            } else {
                i += NEAR;
            }
        }
        for (int end = to - lastOffset - WIDE; i <= end; i += WIDE) {
            long w0 = ((long) BUFFER_LONG_LE.get(buf, i) ^ fl) | ((long) BUFFER_LONG_LE.get(buf, i + lastOffset) ^ ll);
            long w1 = ((long) BUFFER_LONG_LE.get(buf, i + 8) ^ fl) | ((long) BUFFER_LONG_LE.get(buf, i + 8 + lastOffset) ^ ll);
            long w2 = ((long) BUFFER_LONG_LE.get(buf, i + 16) ^ fl) | ((long) BUFFER_LONG_LE.get(buf, i + 16 + lastOffset) ^ ll);
            long w3 = ((long) BUFFER_LONG_LE.get(buf, i + 24) ^ fl) | ((long) BUFFER_LONG_LE.get(buf, i + 24 + lastOffset) ^ ll);
            if ((zeros(w0) | zeros(w1) | zeros(w2) | zeros(w3)) != 0) {
                int at = i + nearMulti(buf, i, lastOffset, fl, ll, WIDE);
                if (middleMatches(buf, at, d)) {
                    return at;
                }
                i = at + 1 - WIDE;
            }
        }
        for (int end = to - lastOffset - Long.BYTES; i <= end; i += Long.BYTES) {
            long w = ((long) BUFFER_LONG_LE.get(buf, i) ^ fl) | ((long) BUFFER_LONG_LE.get(buf, i + lastOffset) ^ ll);
            long hits = zeroLanes(w);
            while (hits != 0) {
                int at = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                if (middleMatches(buf, at, d)) {
                    return at;
                }
                hits &= hits - 1;
            }
        }
        return indexOfMultiTail(buf, i, to, d);
    }

    /**
     * The byte-at-a-time end of a multi-byte search, for the last few candidates (also used
     * by the vector path for its tail).
     *
     * @param a the array
     * @param from the first candidate index
     * @param to one past the last index
     * @param d the delimiter, at least two bytes
     * @return the index of the delimiter's first byte, or -1
     */
    public static int indexOfMultiTail(byte[] a, int from, int to, byte[] d) {
        final int lastOffset = d.length - 1;
        final byte f = d[0];
        final byte l = d[lastOffset];
        for (int i = from, end = to - d.length; i <= end; i++) {
            if (a[i] == f && a[i + lastOffset] == l && middleMatches(a, i, d)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Like {@link #indexOfMultiTail(byte[], int, int, byte[])} for any kind of buffer.
     *
     * @param buf the buffer
     * @param from the first candidate index
     * @param to one past the last index
     * @param d the delimiter, at least two bytes
     * @return the index of the delimiter's first byte, or -1
     */
    public static int indexOfMultiTail(ByteBuffer buf, int from, int to, byte[] d) {
        final int lastOffset = d.length - 1;
        final byte f = d[0];
        final byte l = d[lastOffset];
        for (int i = from, end = to - d.length; i <= end; i++) {
            if (buf.get(i) == f && buf.get(i + lastOffset) == l && middleMatches(buf, i, d)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the whole delimiter stands at {@code at}, given that its first and last bytes
     * do.
     *
     * @param a the array
     * @param at the candidate index
     * @param d the delimiter
     * @return true on a match
     */
    public static boolean middleMatches(byte[] a, int at, byte[] d) {
        final int lastOffset = d.length - 1;
        return lastOffset <= 1 || Arrays.equals(a, at + 1, at + lastOffset, d, 1, lastOffset);
    }

    /**
     * Like {@link #middleMatches(byte[], int, byte[])} for any kind of buffer.
     *
     * @param buf the buffer
     * @param at the candidate index
     * @param d the delimiter
     * @return true on a match
     */
    public static boolean middleMatches(ByteBuffer buf, int at, byte[] d) {
        for (int j = 1, n = d.length - 1; j < n; j++) {
            if (buf.get(at + j) != d[j]) {
                return false;
            }
        }
        return true;
    }
}

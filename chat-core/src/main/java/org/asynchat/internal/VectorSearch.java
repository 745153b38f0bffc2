package org.asynchat.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectorised delimiter search, on {@code jdk.incubator.vector}: one compare per
 * {@link #LANES} bytes (64 with AVX-512, 32 with AVX2). Same contract and same first-byte /
 * last-byte filter as {@link SwarSearch}, which also finishes the last few bytes.
 *
 * <p>Only {@link Vectorization} may load this class, and only when the boot layer has the
 * {@code jdk.incubator.vector} module: anywhere else its first use would fail to link.
 * Direct and read-only buffers are loaded with {@code ByteVector.fromByteBuffer}, which
 * exists up to JDK 19 (later JDKs replaced it with memory segments); {@link #DIRECT_BUFFERS}
 * tells whether this JDK has it, and where it does not the caller uses the SWAR path for
 * buffers and this class for arrays only.
 *
 * <p>Hazard: on JDK 17 a mask that leaves the vector registers (stored, boxed, passed to a
 * method that is not inlined) falls back to a Java implementation that allocates; every
 * mask here is consumed in the method that makes it, by {@code anyTrue} and
 * {@code firstTrue}, which JDK 17's C2 intrinsifies ({@code toLong} it does not: it allocated
 * 80 bytes per match). {@code -prof gc} on the scanner benchmarks shows 0 bytes per operation.
 */
public final class VectorSearch {

    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    /** Bytes per vector. */
    public static final int LANES = SPECIES.length();
    /**
     * Bytes the single-byte search of arrays tests per branch: four vectors, their masks
     * or-ed (delimiter-free heap data 44-50 to 69-72 GB/s with AVX-512, JMH side by side, 0 B
     * allocated). On direct buffers the same unrolling, by four or by two, was no faster (each
     * {@code fromByteBuffer} keeps its own checks), so they test one vector per branch.
     */
    private static final int BLOCK = 4 * LANES;
    /** Whether {@code ByteVector.fromByteBuffer} exists on this JDK (it does on 17 to 19). */
    public static final boolean DIRECT_BUFFERS = probeFromByteBuffer();

    private VectorSearch() {
    }

    private static boolean probeFromByteBuffer() {
        try {
            ByteBuffer probe = ByteBuffer.allocateDirect(LANES);
            return ByteVector.fromByteBuffer(SPECIES, probe, 0, ByteOrder.LITTLE_ENDIAN).eq((byte) 1).anyTrue() == false;
        } catch (LinkageError | UnsupportedOperationException e) {
            return false;
        }
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
        int i = from;
        if (to - from >= SwarSearch.NEAR) {
            // Nearby hits (dense lines) are found faster without the mask-to-index step.
            int r = SwarSearch.near(a, from, SwarSearch.lanes(b));
            if (r < SwarSearch.NEAR) {
                return from + r;
            }
            i += SwarSearch.NEAR;
        }
        for (int end = to - BLOCK; i <= end; i += BLOCK) {
            VectorMask<Byte> m0 = ByteVector.fromArray(SPECIES, a, i).eq(b);
            VectorMask<Byte> m1 = ByteVector.fromArray(SPECIES, a, i + LANES).eq(b);
            VectorMask<Byte> m2 = ByteVector.fromArray(SPECIES, a, i + 2 * LANES).eq(b);
            VectorMask<Byte> m3 = ByteVector.fromArray(SPECIES, a, i + 3 * LANES).eq(b);
            if (m0.or(m1).or(m2).or(m3).anyTrue()) {
                if (m0.anyTrue()) {
                    return i + m0.firstTrue();
                }
                if (m1.anyTrue()) {
                    return i + LANES + m1.firstTrue();
                }
                return m2.anyTrue() ? i + 2 * LANES + m2.firstTrue() : i + 3 * LANES + m3.firstTrue();
            }
        }
        for (int end = to - LANES; i <= end; i += LANES) {
            VectorMask<Byte> hits = ByteVector.fromArray(SPECIES, a, i).eq(b);
            if (hits.anyTrue()) {
                return i + hits.firstTrue();
            }
        }
        return SwarSearch.indexOfByte(a, i, to, b);
    }

    /**
     * Finds a byte in {@code buf[from, to)}; only when {@link #DIRECT_BUFFERS}.
     *
     * @param buf the buffer
     * @param from the first index
     * @param to one past the last index
     * @param b the byte
     * @return the index of the first occurrence, or -1
     */
    public static int indexOfByte(ByteBuffer buf, int from, int to, byte b) {
        int i = from;
        if (to - from >= SwarSearch.NEAR) {
            // Nearby hits (dense lines) are found faster without the mask-to-index step.
            int r = SwarSearch.near(buf, from, SwarSearch.lanes(b));
            if (r < SwarSearch.NEAR) {
                return from + r;
            }
            i += SwarSearch.NEAR;
        }
        for (int end = to - LANES; i <= end; i += LANES) {
            VectorMask<Byte> hits = ByteVector.fromByteBuffer(SPECIES, buf, i, ByteOrder.LITTLE_ENDIAN).eq(b);
            if (hits.anyTrue()) {
                return i + hits.firstTrue();
            }
        }
        return SwarSearch.indexOfByte(buf, i, to, b);
    }

    /**
     * Finds a delimiter of two bytes or more in {@code a[from, to)}.
     *
     * @param a the array
     * @param from the first index
     * @param to one past the last index
     * @param d the delimiter, at least two bytes
     * @return the index of the delimiter's first byte, or -1
     */
    public static int indexOfMulti(byte[] a, int from, int to, byte[] d) {
        final int lastOffset = d.length - 1;
        final byte f = d[0];
        final byte l = d[lastOffset];
        int i = from;
        for (int end = to - lastOffset - LANES; i <= end; i += LANES) {
            VectorMask<Byte> hits = ByteVector.fromArray(SPECIES, a, i).eq(f)
                    .and(ByteVector.fromArray(SPECIES, a, i + lastOffset).eq(l));
            if (hits.anyTrue()) {
                int at = i + hits.firstTrue();
                if (SwarSearch.middleMatches(a, at, d)) {
                    return at;
                }
                // Rare (first and last byte agree, the middle does not): the rest of this
                // block's candidates one by one.
                int found = SwarSearch.indexOfMultiTail(a, at + 1, Math.min(to, i + LANES + lastOffset), d);
                if (found >= 0) {
                    return found;
                }
            }
        }
        return SwarSearch.indexOfMultiTail(a, i, to, d);
    }

    /**
     * Finds a delimiter of two bytes or more in {@code buf[from, to)}; only when
     * {@link #DIRECT_BUFFERS}.
     *
     * @param buf the buffer
     * @param from the first index
     * @param to one past the last index
     * @param d the delimiter, at least two bytes
     * @return the index of the delimiter's first byte, or -1
     */
    public static int indexOfMulti(ByteBuffer buf, int from, int to, byte[] d) {
        final int lastOffset = d.length - 1;
        final byte f = d[0];
        final byte l = d[lastOffset];
        int i = from;
        for (int end = to - lastOffset - LANES; i <= end; i += LANES) {
            VectorMask<Byte> hits = ByteVector.fromByteBuffer(SPECIES, buf, i, ByteOrder.LITTLE_ENDIAN).eq(f)
                    .and(ByteVector.fromByteBuffer(SPECIES, buf, i + lastOffset, ByteOrder.LITTLE_ENDIAN).eq(l));
            if (hits.anyTrue()) {
                int at = i + hits.firstTrue();
                if (SwarSearch.middleMatches(buf, at, d)) {
                    return at;
                }
                // Rare (first and last byte agree, the middle does not): the rest of this
                // block's candidates one by one.
                int found = SwarSearch.indexOfMultiTail(buf, at + 1, Math.min(to, i + LANES + lastOffset), d);
                if (found >= 0) {
                    return found;
                }
            }
        }
        return SwarSearch.indexOfMultiTail(buf, i, to, d);
    }
}

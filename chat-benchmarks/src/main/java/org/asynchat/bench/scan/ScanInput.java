package org.asynchat.bench.scan;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
import org.asynchat.bench.data.Delimiter;
import org.asynchat.bench.data.ScanData;
import org.asynchat.bench.data.Shape;
import org.asynchat.framing.DelimiterScanner;

/**
 * One scanner benchmark case: the data in the forms each contender reads it, and each
 * contender's loop that finds every occurrence of the delimiter, left to right, as a framer
 * would. Every loop returns the number of occurrences, which {@link #verify} checks against
 * {@link ScanData#count} before anything is measured.
 */
final class ScanInput {

    /** The buffer kinds, by their {@code @Param} names. */
    static final String HEAP = "heap";
    static final String DIRECT = "direct";

    final int size;
    final byte[] delimiter;
    final DelimiterScanner scanner;
    /** What our scanner reads: a heap buffer, or a read-only view of a direct buffer (what AsyncChat hands its framer). */
    final ByteBuffer ours;
    /** The same bytes for the naive loop: the array itself, or null for direct data. */
    final byte[] array;
    /** The same bytes as a Netty buffer: wrapped heap array, or an unpooled direct buffer. */
    final ByteBuf netty;
    /** The delimiter as a Netty buffer, for {@code ByteBufUtil.indexOf}. */
    final ByteBuf nettyNeedle;
    private final int expected;

    ScanInput(Delimiter delimiter, Shape shape, int size, String kind) {
        byte[] data = ScanData.bytes(delimiter, shape, size);
        this.size = size;
        this.delimiter = delimiter.bytes();
        this.scanner = DelimiterScanner.of(this.delimiter);
        this.expected = ScanData.count(data, this.delimiter);
        switch (kind) {
            case HEAP -> {
                array = data;
                ours = ByteBuffer.wrap(data);
                netty = Unpooled.wrappedBuffer(data);
            }
            case DIRECT -> {
                array = null;
                ours = ByteBuffer.allocateDirect(size).put(data).flip().asReadOnlyBuffer();
                netty = Unpooled.directBuffer(size).writeBytes(data);
            }
            default -> throw new IllegalArgumentException("buffer must be " + HEAP + " or " + DIRECT + ", got " + kind);
        }
        this.nettyNeedle = Unpooled.wrappedBuffer(this.delimiter);
    }

    /** Fails if a contender's loop finds a different number of delimiters than the reference. */
    void verify(String contender, int found) {
        if (found != expected) {
            throw new IllegalStateException(contender + " found " + found + " delimiters, the reference "
                    + expected + ": the benchmark would measure a wrong search");
        }
    }

    int asynchat() {
        final DelimiterScanner s = scanner;
        final ByteBuffer b = ours;
        final int step = delimiter.length;
        final int limit = b.limit();
        int n = 0;
        for (int at = s.indexOf(b, 0, limit); at >= 0; at = s.indexOf(b, at + step, limit)) {
            n++;
        }
        return n;
    }

    /** The obvious loop: compare at every position, byte by byte. */
    int naive() {
        final byte[] d = delimiter;
        int n = 0;
        if (array != null) {
            final byte[] a = array;
            for (int i = 0, end = a.length - d.length; i <= end; ) {
                int j = 0;
                while (j < d.length && a[i + j] == d[j]) {
                    j++;
                }
                if (j == d.length) {
                    n++;
                    i += d.length;
                } else {
                    i++;
                }
            }
        } else {
            final ByteBuffer b = ours;
            for (int i = 0, end = b.limit() - d.length; i <= end; ) {
                int j = 0;
                while (j < d.length && b.get(i + j) == d[j]) {
                    j++;
                }
                if (j == d.length) {
                    n++;
                    i += d.length;
                } else {
                    i++;
                }
            }
        }
        return n;
    }

    /** Netty's best single-byte search, {@code ByteBuf.indexOf(from, to, value)}. */
    int nettyIndexOf() {
        final ByteBuf b = netty;
        final byte value = delimiter[0];
        final int limit = b.writerIndex();
        int n = 0;
        for (int at = b.indexOf(0, limit, value); at >= 0; at = b.indexOf(at + 1, limit, value)) {
            n++;
        }
        return n;
    }

    /** The per-byte processor loop, {@code forEachByte(ByteProcessor.FIND_LF)}. */
    int nettyForEachByte() {
        final ByteBuf b = netty;
        final int limit = b.writerIndex();
        int n = 0;
        for (int at = b.forEachByte(0, limit, ByteProcessor.FIND_LF); at >= 0;
                at = b.forEachByte(at + 1, limit - at - 1, ByteProcessor.FIND_LF)) {
            n++;
        }
        return n;
    }

    /** {@code ByteBufUtil.indexOf(needle, haystack)}, searching from the haystack's reader index. */
    int nettyByteBufUtil() {
        final ByteBuf b = netty;
        final ByteBuf needle = nettyNeedle;
        final int step = delimiter.length;
        int n = 0;
        b.readerIndex(0);
        for (int at = ByteBufUtil.indexOf(needle, b); at >= 0; at = ByteBufUtil.indexOf(needle, b)) {
            n++;
            b.readerIndex(at + step);
        }
        b.readerIndex(0);
        return n;
    }
}

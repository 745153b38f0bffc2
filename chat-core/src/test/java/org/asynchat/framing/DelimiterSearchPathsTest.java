package org.asynchat.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.asynchat.internal.SwarSearch;
import org.asynchat.internal.VectorSearch;
import org.asynchat.internal.Vectorization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The delimiter search against the obvious reference, for every path this JVM has (the
 * public {@link DelimiterScanner}, the SWAR kernel, and the vector kernel when the JVM runs
 * with {@code --add-modules jdk.incubator.vector}, as the build's second test run does), over
 * heap, sliced, direct and read-only buffers, at every alignment and every match position,
 * including the last possible one and one byte past it. ({@code DelimiterScannerTest} covers
 * the scanner's other duties.)
 */
class DelimiterSearchPathsTest {

    /** A search under test: (buffer, from, to, delimiter) to index. */
    interface Search {
        int indexOf(ByteBuffer buffer, int from, int to, byte[] delimiter);
    }

    private static final byte[][] DELIMITERS = {
        bytes("\n"), bytes("\r\n"), bytes("\r\n\r\n"), bytes("\r\n.\r\n"),
        bytes("aab"), bytes("abab"), bytes("aaaa"), bytes("abcabcab"), bytes("\u00ff\u0000"),
        bytes("\r\n--asynchat-boundary-7d5f0c9a8b1e2f3456"),
    };

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<Arguments> searches() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("DelimiterScanner (" + DelimiterScanner.searchPath() + ")",
                (Search) (b, from, to, d) -> DelimiterScanner.of(d).indexOf(b, from, to)));
        out.add(Arguments.of("SwarSearch", (Search) DelimiterSearchPathsTest::swar));
        if (Vectorization.ARRAYS) {
            out.add(Arguments.of("VectorSearch", (Search) DelimiterSearchPathsTest::vector));
        }
        return out;
    }

    private static int swar(ByteBuffer b, int from, int to, byte[] d) {
        if (b.hasArray()) {
            int off = b.arrayOffset();
            int at = d.length == 1 ? SwarSearch.indexOfByte(b.array(), from + off, to + off, d[0])
                    : SwarSearch.indexOfMulti(b.array(), from + off, to + off, d);
            return at < 0 ? -1 : at - off;
        }
        return d.length == 1 ? SwarSearch.indexOfByte(b, from, to, d[0]) : SwarSearch.indexOfMulti(b, from, to, d);
    }

    private static int vector(ByteBuffer b, int from, int to, byte[] d) {
        if (b.hasArray()) {
            int off = b.arrayOffset();
            int at = d.length == 1 ? VectorSearch.indexOfByte(b.array(), from + off, to + off, d[0])
                    : VectorSearch.indexOfMulti(b.array(), from + off, to + off, d);
            return at < 0 ? -1 : at - off;
        }
        if (!VectorSearch.DIRECT_BUFFERS) {
            return swar(b, from, to, d);
        }
        return d.length == 1 ? VectorSearch.indexOfByte(b, from, to, d[0]) : VectorSearch.indexOfMulti(b, from, to, d);
    }


    enum Kind {
        HEAP, HEAP_SLICE, HEAP_READ_ONLY, DIRECT, DIRECT_READ_ONLY, DIRECT_SLICE, DIRECT_LITTLE_ENDIAN;

        ByteBuffer of(byte[] data) {
            return switch (this) {
                case HEAP -> ByteBuffer.wrap(data.clone());
                case HEAP_SLICE -> {
                    // Backing array with an offset, and junk around the slice.
                    byte[] big = new byte[data.length + 13];
                    Arrays.fill(big, (byte) '\n');
                    System.arraycopy(data, 0, big, 5, data.length);
                    yield ByteBuffer.wrap(big, 5, data.length).slice();
                }
                case HEAP_READ_ONLY -> ByteBuffer.wrap(data.clone()).asReadOnlyBuffer();
                case DIRECT -> ByteBuffer.allocateDirect(data.length).put(data).flip();
                case DIRECT_READ_ONLY -> ByteBuffer.allocateDirect(data.length).put(data).flip().asReadOnlyBuffer();
                // The search reads words in the buffer's byte order and must not depend on it.
                case DIRECT_LITTLE_ENDIAN -> ByteBuffer.allocateDirect(data.length).order(ByteOrder.LITTLE_ENDIAN)
                        .put(data).flip().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
                case DIRECT_SLICE -> {
                    ByteBuffer big = ByteBuffer.allocateDirect(data.length + 11);
                    big.position(3);
                    big.put(data);
                    yield big.position(3).limit(3 + data.length).slice();
                }
            };
        }
    }

    static int reference(byte[] data, int from, int to, byte[] d) {
        for (int i = from; i <= to - d.length; i++) {
            if (Arrays.equals(data, i, i + d.length, d, 0, d.length)) {
                return i;
            }
        }
        return -1;
    }

    static Stream<Arguments> cases() {
        return searches().stream().flatMap(s -> Arrays.stream(Kind.values())
                .map(k -> Arguments.of(s.get()[0], s.get()[1], k)));
    }

    @ParameterizedTest(name = "{0} on {2}")
    @MethodSource("cases")
    void findsTheDelimiterAtEveryPositionAndAlignment(String name, Search search, Kind kind) {
        // Filler that shares no byte with the delimiters except where placed; lengths cover
        // several 64-byte vectors plus every tail length, and go past the vector path's
        // four-vector blocks (64 bytes probed, then 256 per block with AVX-512) so that the
        // match lies in each vector of a block.
        for (byte[] d : DELIMITERS) {
            for (int length = d.length; length <= 720; length += (length < 140 ? 1 : 29)) {
                for (int at = 0; at + d.length <= length; at++) {
                    byte[] data = new byte[length];
                    Arrays.fill(data, (byte) 'x');
                    System.arraycopy(d, 0, data, at, d.length);
                    ByteBuffer b = kind.of(data);
                    for (int from = 0; from <= Math.min(at, 17); from++) {
                        assertEquals(at, search.indexOf(b, from, length, d),
                                () -> name + ": " + DelimiterScanner.printable(d) + " at " + data.length);
                    }
                    assertEquals(-1, search.indexOf(b, at + 1, length, d), "nothing after the only match");
                    if (at + d.length - 1 >= 0) {
                        // The delimiter's last byte lies just outside the range: not a match.
                        assertEquals(-1, search.indexOf(b, 0, at + d.length - 1, d), "a match must lie wholly inside");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} on {2}")
    @MethodSource("cases")
    void agreesWithTheReferenceOnRandomDataMadeOfDelimiterBytes(String name, Search search, Kind kind) {
        SplittableRandom random = new SplittableRandom(42);
        for (byte[] d : DELIMITERS) {
            for (int round = 0; round < 1500; round++) {
                int length = random.nextInt(0, 400);
                byte[] data = new byte[length];
                for (int i = 0; i < length; i++) {
                    // Mostly delimiter bytes (partial matches everywhere), some one bit off them
                    // (lanes of 0x01 after the XOR: the SWAR borrow case), some anything.
                    int pick = random.nextInt(8);
                    byte b = d[random.nextInt(d.length)];
                    data[i] = pick == 0 ? (byte) random.nextInt(256) : pick < 3 ? (byte) (b ^ 1) : b;
                }
                ByteBuffer b = kind.of(data);
                int from = length == 0 ? 0 : random.nextInt(0, length + 1);
                int to = random.nextInt(from, length + 1);
                assertEquals(reference(data, from, to, d), search.indexOf(b, from, to, d),
                        () -> name + ": " + DelimiterScanner.printable(d) + " in " + DelimiterScanner.printable(data)
                                + " [" + from + ", " + to + ")");
            }
        }
    }

    @Test
    void findsMatchesInLargeBuffersOnBothSidesOfEveryVectorBoundary() {
        byte[] d = bytes("\r\n\r\n");
        for (Kind kind : Kind.values()) {
            byte[] data = new byte[1 << 16];
            Arrays.fill(data, (byte) '\r');
            // "\r\r\r..." is full of first-byte candidates; put the only match at the very end.
            data[data.length - 3] = '\n';
            data[data.length - 1] = '\n';
            data[data.length - 2] = '\r';
            assertEquals(data.length - 4, DelimiterScanner.of(d).indexOf(kind.of(data), 0, data.length), kind.name());
        }
    }

    @Test
    void partialMatchAtEndIsTheLongestDelimiterPrefix() {
        DelimiterScanner s = DelimiterScanner.of(bytes("abab"));
        assertEquals(3, s.partialMatchAtEnd(ByteBuffer.wrap(bytes("xxaba")), 0, 5));
        assertEquals(2, s.partialMatchAtEnd(ByteBuffer.wrap(bytes("xxab")), 0, 4));
        assertEquals(1, s.partialMatchAtEnd(ByteBuffer.wrap(bytes("xxa")), 0, 3));
        assertEquals(0, s.partialMatchAtEnd(ByteBuffer.wrap(bytes("xxaba")), 4, 4));
        assertEquals(1, s.partialMatchAtEnd(ByteBuffer.wrap(bytes("xxaba")), 4, 5), "never before from");
    }

    @Test
    void searchPathFollowsTheVectorModule() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String path = DelimiterScanner.searchPath();
        System.out.println("delimiter search path in this JVM: " + path);
        assertEquals(module, path.startsWith("vector"), path);
    }

    @Test
    void rejectsRangesOutsideTheBuffer() {
        DelimiterScanner s = DelimiterScanner.of(bytes("\n"));
        ByteBuffer b = ByteBuffer.allocate(10).limit(5);
        assertThrows(IndexOutOfBoundsException.class, () -> s.indexOf(b, 0, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> s.indexOf(b, 3, 2));
        assertTrue(s.indexOf(b, 5, 5) < 0);
    }
}

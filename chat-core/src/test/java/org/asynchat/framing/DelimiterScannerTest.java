package org.asynchat.framing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class DelimiterScannerTest {

    /** Every kind of buffer the scanner has a path for. */
    private static final Function<byte[], ByteBuffer>[] KINDS = kinds();

    @SuppressWarnings("unchecked")
    private static Function<byte[], ByteBuffer>[] kinds() {
        return new Function[] {
            (Function<byte[], ByteBuffer>) ByteBuffer::wrap,
            (Function<byte[], ByteBuffer>) b -> ByteBuffer.allocateDirect(b.length).put(b).flip(),
            (Function<byte[], ByteBuffer>) b -> ByteBuffer.wrap(b).asReadOnlyBuffer(),
            (Function<byte[], ByteBuffer>) b -> {
                // A slice with a non-zero array offset.
                byte[] padded = new byte[b.length + 3];
                System.arraycopy(b, 0, padded, 3, b.length);
                return ByteBuffer.wrap(padded).position(3).slice();
            },
        };
    }

    private static int naiveIndexOf(byte[] hay, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void findPrefixAtEndMatchesAsynchat() {
        // CPython's test_asynchat.TestHelperFunctions.test_find_prefix_at_end
        assertEquals(1, DelimiterScanner.findPrefixAtEnd("qwerty\r".getBytes(ISO_8859_1), "\r\n".getBytes(ISO_8859_1)));
        assertEquals(0, DelimiterScanner.findPrefixAtEnd("qwertydkjf".getBytes(ISO_8859_1), "\r\n".getBytes(ISO_8859_1)));
        // Longest proper prefix wins; the whole needle never counts.
        assertEquals(3, DelimiterScanner.findPrefixAtEnd("xx\r\n\r".getBytes(ISO_8859_1), "\r\n\r\n".getBytes(ISO_8859_1)));
        assertEquals(0, DelimiterScanner.findPrefixAtEnd("ab".getBytes(ISO_8859_1), "ab".getBytes(ISO_8859_1)));
        assertEquals(2, DelimiterScanner.findPrefixAtEnd("aa".getBytes(ISO_8859_1), "aab".getBytes(ISO_8859_1)));
        assertEquals(0, DelimiterScanner.findPrefixAtEnd(new byte[0], "\n".getBytes(ISO_8859_1)));
        ByteBuffer b = ByteBuffer.wrap("zzqwerty\r".getBytes(ISO_8859_1)).position(2);
        assertEquals(1, DelimiterScanner.findPrefixAtEnd(b, "\r\n".getBytes(ISO_8859_1)));
        assertEquals(2, b.position(), "the buffer is left as it was");
    }

    @Test
    void emptyDelimiterIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DelimiterScanner.of(new byte[0]));
        assertEquals("a delimiter must be at least one byte long", e.getMessage());
    }

    @Test
    void indexOfAgreesWithNaiveSearchAtEveryAlignmentAndLength() {
        Random random = new Random(42);
        for (int dlen = 1; dlen <= 40; dlen += (dlen < 9 ? 1 : 15)) {
            for (int round = 0; round < 60; round++) {
                byte[] d = new byte[dlen];
                for (int i = 0; i < dlen; i++) {
                    d[i] = (byte) ('a' + random.nextInt(2));
                }
                DelimiterScanner s = DelimiterScanner.of(d);
                byte[] hay = new byte[random.nextInt(120)];
                for (int i = 0; i < hay.length; i++) {
                    hay[i] = (byte) ('a' + random.nextInt(3));
                }
                if (hay.length >= dlen && random.nextBoolean()) {
                    System.arraycopy(d, 0, hay, random.nextInt(hay.length - dlen + 1), dlen);
                }
                for (Function<byte[], ByteBuffer> kind : KINDS) {
                    ByteBuffer buf = kind.apply(hay);
                    for (int from = 0; from <= Math.min(9, hay.length); from++) {
                        for (int to = Math.max(from, hay.length - 9); to <= hay.length; to++) {
                            assertEquals(naiveIndexOf(hay, from, to, d), s.indexOf(buf, from, to),
                                    () -> "delimiter " + new String(d, ISO_8859_1) + " in "
                                            + new String(hay, ISO_8859_1));
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyByteValueIsFoundIncludingHighBitBytes() {
        byte[] hay = new byte[256 + 17];
        for (int v = 0; v < 256; v++) {
            byte[] noise = new byte[hay.length];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (byte) (v + 1 + (i % 200)); // never v: 1..200 away from it
            }
            for (int at : new int[] {0, 7, 8, 15, 16, hay.length - 1}) {
                byte[] h = noise.clone();
                h[at] = (byte) v;
                DelimiterScanner s = DelimiterScanner.of(new byte[] {(byte) v});
                for (Function<byte[], ByteBuffer> kind : KINDS) {
                    assertEquals(at, s.indexOf(kind.apply(h), 0, h.length), "byte " + v + " at " + at);
                }
            }
        }
    }

    @Test
    void matchAtTheLastPossibleIndexOfALongDelimiter() {
        byte[] boundary = "--=_Part_0123456789abcdefghijklmnopqrstu".getBytes(ISO_8859_1);
        assertEquals(40, boundary.length);
        DelimiterScanner s = DelimiterScanner.of(boundary);
        for (int len = boundary.length; len < boundary.length + 24; len++) {
            byte[] hay = new byte[len];
            java.util.Arrays.fill(hay, (byte) '-');
            System.arraycopy(boundary, 0, hay, len - boundary.length, boundary.length);
            for (Function<byte[], ByteBuffer> kind : KINDS) {
                assertEquals(len - boundary.length, s.indexOf(kind.apply(hay), 0, len));
                assertEquals(-1, s.indexOf(kind.apply(hay), 0, len - 1), "one byte short is no match");
            }
        }
    }

    @Test
    void partialMatchAtEndFindsTheLongestProperPrefix() {
        DelimiterScanner s = DelimiterScanner.of("abab".getBytes(ISO_8859_1));
        for (Function<byte[], ByteBuffer> kind : KINDS) {
            assertEquals(3, s.partialMatchAtEnd(kind.apply("xxaba".getBytes(ISO_8859_1)), 0, 5));
            assertEquals(2, s.partialMatchAtEnd(kind.apply("xxab".getBytes(ISO_8859_1)), 0, 4));
            assertEquals(1, s.partialMatchAtEnd(kind.apply("xxa".getBytes(ISO_8859_1)), 0, 3));
            assertEquals(0, s.partialMatchAtEnd(kind.apply("xxb".getBytes(ISO_8859_1)), 0, 3));
            // Bytes before 'from' do not count.
            assertEquals(1, s.partialMatchAtEnd(kind.apply("aba".getBytes(ISO_8859_1)), 2, 3));
        }
    }

    @Test
    void stepFollowsTheSelfOverlapOfTheDelimiter() {
        DelimiterScanner s = DelimiterScanner.of("aab".getBytes(ISO_8859_1));
        int q = 0;
        for (byte b : "aaa".getBytes(ISO_8859_1)) {
            q = s.step(q, b);
        }
        assertEquals(2, q, "after aaa, 'aa' is still matched");
        assertEquals(3, s.step(q, (byte) 'b'));
        assertEquals(0, s.step(0, (byte) 'x'));
    }
}

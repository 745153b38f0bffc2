package org.asynchat.framing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;

import org.asynchat.Terminator;
import org.junit.jupiter.api.Test;

/** asynchat's framing semantics, one rule per test, on the framer alone (no sockets). */
class InputFramerTest {

    private static void feed(InputFramer f, String... chunks) {
        for (String c : chunks) {
            ByteBuffer b = ByteBuffer.wrap(c.getBytes(ISO_8859_1));
            f.feed(b);
            assertEquals(b.limit(), b.position(), "feed consumes the whole buffer");
        }
    }

    @Test
    void linesAcrossEveryChunking() {
        RecordingHandler h = new RecordingHandler();
        InputFramer f = new InputFramer(h);
        f.setTerminator(Terminator.of("\r\n"));
        feed(f, "hello ", "world\r", "\nI'm not dead yet!\r", "\n");
        assertEquals(List.of("hello world", "I'm not dead yet!"), h.frameStrings());
        assertEquals(0, h.emptyCollects);
    }

    @Test
    void emptyLinesAreTerminatorsWithoutCollects() {
        RecordingHandler h = new RecordingHandler();
        InputFramer f = new InputFramer(h);
        f.setTerminator(Terminator.of("\n"));
        feed(f, "hello world\n\nI'm not dead yet!\n");
        assertEquals(List.of("hello world", "", "I'm not dead yet!"), h.frameStrings());
        assertEquals(2, h.collects, "the empty line is not collected");
    }

    @Test
    void numericTerminatorCountsDownAndReportsZeroOnceFired() {
        RecordingHandler h = new RecordingHandler();
        InputFramer f = new InputFramer(h);
        f.setTerminator(Terminator.count(10));
        feed(f, "abcd");
        assertEquals(Terminator.count(6), f.getTerminator());
        feed(f, "efghijKLM");
        assertEquals(List.of("abcdefghij"), h.frameStrings());
        assertEquals(Terminator.count(0), f.getTerminator());
        // asynchat: a fired count that is not replaced collects everything, like None.
        assertEquals("KLM", h.pending());
        feed(f, "more");
        assertEquals("KLMmore", h.pending());
        assertEquals(1, h.frames.size());
    }

    @Test
    void noTerminatorCollectsEverything() {
        RecordingHandler h = new RecordingHandler();
        InputFramer f = new InputFramer(h);
        f.setTerminator(Terminator.none());
        feed(f, "hello world, I'm not dead yet!\n");
        assertEquals(List.of(), h.frameStrings());
        assertEquals("hello world, I'm not dead yet!\n", h.pending());
    }

    @Test
    void terminatorSetInsideFoundTerminatorAppliesToTheRestOfTheSameBuffer() {
        RecordingHandler h = new RecordingHandler();
        InputFramer f = new InputFramer(h);
        f.setTerminator(Terminator.of("\r\n\r\n"));
        h.onTerminator = n -> {
            if (n == 0) {
                f.setTerminator(Terminator.count(5));
            } else if (n == 1) {
                f.setTerminator(Terminator.of("\n"));
            }
        };
        feed(f, "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello\r\nnext\n");
        assertEquals(List.of("POST / HTTP/1.1\r\nContent-Length: 5", "hello", "\r", "next"), h.frameStrings());
    }

    @Test
    void heldBackPrefixIsDeliveredAtEndOfInput() {
        RecordingHandler h = new RecordingHandler();
        InputFramer f = new InputFramer(h);
        f.setTerminator(Terminator.of("\r\n"));
        feed(f, "bye\r");
        assertEquals("bye", h.pending(), "the \\r is held back: it may start a terminator");
        assertEquals(1, f.heldBytes());
        f.endOfInput();
        assertEquals("bye\r", h.pending(), "asynchat loses the \\r; we deliver it");
    }

    @Test
    void selfOverlappingDelimitersAreFoundOnceAtTheRightPlace() {
        for (String[] chunks : new String[][] {{"xaaab"}, {"xa", "aab"}, {"xaa", "ab"}, {"xaaa", "b"}, {"x", "a", "a", "a", "b"}}) {
            RecordingHandler h = new RecordingHandler();
            InputFramer f = new InputFramer(h);
            f.setTerminator(Terminator.of("aab"));
            feed(f, chunks);
            assertEquals(List.of("xa"), h.frameStrings(), String.join("|", chunks));
        }
        for (String[] chunks : new String[][] {{"ababab!"}, {"aba", "bab!"}, {"abab", "ab!"}, {"a", "b", "a", "b", "a", "b", "!"}}) {
            RecordingHandler h = new RecordingHandler();
            InputFramer f = new InputFramer(h);
            f.setTerminator(Terminator.of("abab"));
            feed(f, chunks);
            assertEquals(List.of(""), h.frameStrings(), String.join("|", chunks));
            assertEquals("ab!", h.pending());
        }
    }

    @Test
    void heldBytesAreReframedWhenTheTerminatorChangesBetweenReads() {
        RecordingHandler h = new RecordingHandler();
        InputFramer f = new InputFramer(h);
        f.setTerminator(Terminator.of("\r\n"));
        feed(f, "abc\r");
        f.setTerminator(Terminator.count(3)); // e.g. from a timer, not inside a callback
        feed(f, "xyz");
        assertEquals(List.of("abc\rxy"), h.frameStrings(), "the held \\r counts as the first of the 3 bytes");
        assertEquals("z", h.pending());
    }

    @Test
    void stopLeavesTheRestOfTheBuffer() {
        RecordingHandler h = new RecordingHandler();
        InputFramer f = new InputFramer(h);
        f.setTerminator(Terminator.of("\n"));
        h.onTerminator = n -> f.stop();
        ByteBuffer b = ByteBuffer.wrap("one\ntwo\n".getBytes(ISO_8859_1));
        f.feed(b);
        assertEquals(List.of("one"), h.frameStrings());
        assertEquals(4, b.position());
        assertEquals(8, b.limit());
    }

    @Test
    void handlerMovingTheBufferLimitDoesNotConfuseTheFramer() {
        InputFramer[] framer = new InputFramer[1];
        RecordingHandler inner = new RecordingHandler();
        FrameHandler careless = new FrameHandler() {
            @Override
            public void collectIncomingData(ByteBuffer data) {
                inner.collectIncomingData(data);
                data.limit(data.position()); // users may do anything to the lent buffer
            }

            @Override
            public void foundTerminator() {
                inner.foundTerminator();
            }
        };
        framer[0] = new InputFramer(careless);
        framer[0].setTerminator(Terminator.of("\n"));
        feed(framer[0], "a\nbb\nccc\n");
        assertEquals(List.of("a", "bb", "ccc"), inner.frameStrings());
    }

    @Test
    void invalidTerminatorsAreRejectedWithAClearMessage() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> Terminator.count(-1));
        assertEquals("a terminator byte count must be zero or more, got -1; use Terminator.none() to collect"
                + " without end", negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Terminator.of(""));
        assertThrows(IllegalArgumentException.class, () -> Terminator.of(new byte[0]));
        IllegalArgumentException nonAscii = assertThrows(IllegalArgumentException.class, () -> Terminator.of("\u00e9\n"));
        assertEquals(true, nonAscii.getMessage().contains("U+00E9 at index 0"), nonAscii.getMessage());
        assertEquals(Terminator.of("\u00e9", java.nio.charset.StandardCharsets.UTF_8),
                Terminator.of(new byte[] {(byte) 0xC3, (byte) 0xA9}));
    }
}

package org.asynchat.framing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.asynchat.Terminator;
import org.junit.jupiter.api.Test;

/**
 * When a byte count goes down, on the framer alone: after each collect, as in CPython's
 * asynchat ({@code collect_incoming_data} first, then {@code self.terminator -= n}).
 */
class CountDownOrderTest {

    /** Records each callback with what {@code getTerminator()} says inside it. */
    private static final class Watcher implements FrameHandler {
        final List<String> events = new ArrayList<>();
        InputFramer framer;
        /** Run inside the first collect, if set. */
        Runnable onFirstCollect;

        @Override
        public void collectIncomingData(ByteBuffer data) {
            events.add("collect " + ISO_8859_1.decode(data) + " " + framer.getTerminator());
            if (onFirstCollect != null) {
                Runnable r = onFirstCollect;
                onFirstCollect = null;
                r.run();
            }
        }

        @Override
        public void foundTerminator() {
            events.add("found " + framer.getTerminator());
        }
    }

    private static Watcher watch(Terminator t) {
        Watcher w = new Watcher();
        w.framer = new InputFramer(w);
        w.framer.setTerminator(t);
        return w;
    }

    private static void feed(Watcher w, String... chunks) {
        for (String c : chunks) {
            w.framer.feed(ByteBuffer.wrap(c.getBytes(ISO_8859_1)).asReadOnlyBuffer());
        }
    }

    @Test
    void countFiveFedAbcThenDeShowsFiveThenTwoThenZero() {
        Watcher w = watch(Terminator.count(5));
        feed(w, "abc", "de", "xy");
        assertEquals(List.of("collect abc " + Terminator.count(5), "collect de " + Terminator.count(2),
                "found " + Terminator.count(0), "collect xy " + Terminator.count(0)), w.events);
        assertEquals(Terminator.count(0), w.framer.getTerminator());
    }

    @Test
    void betweenFeedsTheCountIsWhatIsLeft() {
        Watcher w = watch(Terminator.count(5));
        feed(w, "abc");
        assertEquals(Terminator.count(2), w.framer.getTerminator());
    }

    @Test
    void aWholeCountInOneBufferIsCollectedAtItsFullValue() {
        Watcher w = watch(Terminator.count(5));
        feed(w, "abcdefg");
        assertEquals(List.of("collect abcde " + Terminator.count(5), "found " + Terminator.count(0),
                "collect fg " + Terminator.count(0)), w.events);
    }

    @Test
    void aTerminatorSetInsideThePartialCollectIsLeftAlone() {
        Watcher w = watch(Terminator.count(5));
        w.onFirstCollect = () -> w.framer.setTerminator(Terminator.of("\n")); // asynchat raises TypeError here
        feed(w, "abc", "de\nf");
        assertEquals(List.of("collect abc " + Terminator.count(5), "collect de " + Terminator.of("\n"),
                "found " + Terminator.of("\n"), "collect f " + Terminator.of("\n")), w.events);
    }

    @Test
    void aCountSetInsideTheCompletingCollectAppliesToTheRest() {
        Watcher w = watch(Terminator.count(3));
        w.onFirstCollect = () -> w.framer.setTerminator(Terminator.count(2));
        feed(w, "abcdef");
        assertEquals(List.of("collect abc " + Terminator.count(3), "found " + Terminator.count(2),
                "collect de " + Terminator.count(2), "found " + Terminator.count(0),
                "collect f " + Terminator.count(0)), w.events);
    }
}

package org.asynchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop's channel registry ({@link ChannelRegistry}) on the {@link ScriptedBackend}: dense
 * indices, settling each touched channel once per turn, the channels asked every turn, closing
 * all; and the loop-thread preconditions its entry points assert.
 */
class ChannelRegistryTest {

    private final ScriptedBackend backend = new ScriptedBackend();
    private final EventLoop loop = new EventLoop(backend);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** A channel that counts how often it is settled. */
    static class Counted extends Dispatcher {
        int settled;

        Counted(AcceptedConnection connection) {
            super(connection);
        }

        @Override
        void beforeSettle() {
            settled++;
        }
    }

    private Counted channel() {
        return new Counted(new AcceptedConnection(loop, backend.newSocket()));
    }

    private void turn() {
        loop.run(Duration.ofMillis(1), 1);
    }

    @Test
    void channelsKeepDenseIndicesAsTheyComeAndGo() {
        Counted a = channel();
        Counted b = channel();
        Counted c = channel();
        assertEquals(List.of(0, 1, 2), List.of(a.registryIndex, b.registryIndex, c.registryIndex));
        b.close();
        assertEquals(-1, b.registryIndex);
        assertEquals(1, c.registryIndex, "the last channel takes the leaver's place");
        assertEquals(2, loop.channelCount());
        b.close();
        assertEquals(2, loop.channelCount(), "leaving is idempotent");
        a.close();
        c.close();
        assertEquals(0, loop.channelCount());
    }

    @Test
    void aChannelTouchedManyTimesInATurnIsSettledOnce() {
        Counted a = channel();
        Counted quiet = channel();
        turn();
        a.settled = 0;
        quiet.settled = 0;
        loop.channels.markDirty(a);
        loop.channels.markDirty(a);
        a.pauseReading();
        a.resumeReading();
        turn();
        assertEquals(1, a.settled);
        assertEquals(0, quiet.settled, "an untouched channel is not visited: O(active), not O(connections)");
    }

    @Test
    void aChannelThatOverridesReadableIsSettledEveryTurn() {
        Counted asks = new Counted(new AcceptedConnection(loop, backend.newSocket())) {
            @Override
            public boolean readable() {
                return true;
            }
        };
        Counted plain = channel();
        turn();
        int before = asks.settled;
        int plainBefore = plain.settled;
        turn();
        turn();
        assertTrue(asks.settled >= before + 2, "asked every turn, as asyncore asks every channel");
        assertEquals(plainBefore, plain.settled, "a channel that does not override them is visited only when touched");
        asks.close();
        int after = asks.settled;
        turn();
        assertEquals(after, asks.settled, "a closed channel is asked no more");
    }

    @Test
    void closingTheLoopClosesEveryChannelEvenOneWhoseCloseThrows() {
        Counted a = channel();
        Counted stubborn = new Counted(new AcceptedConnection(loop, backend.newSocket())) {
            @Override
            public void close() {
                throw new IllegalStateException("close failed");
            }
        };
        Counted c = channel();
        loop.close();
        assertFalse(a.isOpen());
        assertFalse(c.isOpen());
        assertEquals(-1, stubborn.registryIndex, "a channel whose close throws still leaves the loop");
        assertEquals(0, loop.channelCount());
        assertTrue(loop.isClosed());
    }

    @Test
    void theSnapshotIsACopy() {
        Counted a = channel();
        Dispatcher[] snapshot = loop.channels.snapshot();
        a.close();
        assertEquals(1, snapshot.length);
        assertSame(a, snapshot[0]);
    }

    @Test
    void theRegistryAssertsItIsUsedOnTheLoopsThread() throws Exception {
        assertTrue(EventLoop.class.desiredAssertionStatus(),
                "the suite must run with assertions enabled (-ea): they state the threading preconditions");
        Counted a = channel();
        List<Throwable> seen = new ArrayList<>();
        Thread owner = loop.start();
        try {
            seen.add(assertThrows(AssertionError.class, () -> loop.channels.markDirty(a)));
            seen.add(assertThrows(AssertionError.class, () -> loop.channels.attach(a)));
            seen.add(assertThrows(AssertionError.class, () -> loop.tasks.arm(new org.asynchat.internal.ScheduledTask(() -> { }), 0)));
        } finally {
            loop.close();
            owner.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertEquals(3, seen.size());
    }
}

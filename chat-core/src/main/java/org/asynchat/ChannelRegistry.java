package org.asynchat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A loop's channels: asyncore's channel map, as an array in which each channel knows its index
 * ({@link Dispatcher#registryIndex}), so that joining and leaving are O(1); the channels
 * touched in the current turn, to settle (flush output, update interest) before the next poll,
 * each at most once ({@link Dispatcher#dirty}); and the channels whose class overrides
 * {@code readable()} or {@code writable()}, which are settled every turn because their answer
 * can change unannounced (see {@link Interest}). The only writer of {@code registryIndex} and
 * {@code dirty}. Loop thread only (asserted where channels come and go).
 */
final class ChannelRegistry {

    private final EventLoop loop;
    /** Channels with a socket, for {@code close()} and the count. */
    private Dispatcher[] channels = new Dispatcher[16];
    private int count;
    /** Channels touched this turn. */
    private Dispatcher[] dirty = new Dispatcher[16];
    private int dirtyCount;
    /** Channels whose class overrides readable() or writable(): settled every turn. */
    private final List<Dispatcher> polled = new ArrayList<>();

    ChannelRegistry(EventLoop loop) {
        this.loop = loop;
    }

    /** A channel got its socket: it joins the loop and is settled this turn (registering it). */
    void attach(Dispatcher d) {
        assert loop.inEventLoop();
        if (count == channels.length) {
            channels = Arrays.copyOf(channels, count * 2);
        }
        d.registryIndex = count;
        channels[count++] = d;
        if (Interest.askedEveryTurn(d)) {
            polled.add(d);
        }
        markDirty(d);
    }

    /** A channel closed: it leaves the loop. Idempotent. */
    void detach(Dispatcher d) {
        assert loop.inEventLoop();
        int i = d.registryIndex;
        if (i < 0) {
            return;
        }
        Dispatcher last = channels[--count];
        channels[i] = last;
        last.registryIndex = i;
        channels[count] = null;
        d.registryIndex = -1;
        if (Interest.askedEveryTurn(d)) {
            polled.remove(d);
        }
    }

    /** Queues a channel to be settled at the end of this turn, once however often it is marked. */
    void markDirty(Dispatcher d) {
        assert loop.inEventLoop();
        if (d.dirty) {
            return;
        }
        d.dirty = true;
        if (dirtyCount == dirty.length) {
            dirty = Arrays.copyOf(dirty, dirtyCount * 2);
        }
        dirty[dirtyCount++] = d;
    }

    /** Tells whether a channel waits to be settled: the next poll must not block. */
    boolean hasDirty() {
        return dirtyCount > 0;
    }

    /** Settles every channel touched this turn, and every one that overrides readable()/writable(). */
    void settleDirty() {
        for (int i = 0, n = polled.size(); i < n && i < polled.size(); i++) {
            markDirty(polled.get(i));
        }
        while (dirtyCount > 0) {
            Dispatcher d = dirty[--dirtyCount];
            dirty[dirtyCount] = null;
            d.dirty = false;
            ChannelEvents.settle(d);
        }
    }

    int count() {
        return count;
    }

    /** The channels now, in a copy that closing them cannot disturb. */
    Dispatcher[] snapshot() {
        return Arrays.copyOf(channels, count);
    }

    /**
     * The loop shuts down gracefully: listeners close at once, every other channel is told
     * ({@code handleShutdown}: an AsyncChat closes once its output is sent).
     */
    void shutdown() {
        for (Dispatcher d : snapshot()) {
            if (!d.isOpen()) {
                continue;
            }
            try {
                if (d.isListening()) {
                    d.close();
                } else {
                    d.handleShutdown();
                    markDirty(d);
                }
            } catch (Throwable t) {
                ChannelEvents.fail(d, t);
            }
        }
    }

    /** Closes every channel; one whose close throws is logged by the caller and dropped. */
    void closeAll(java.util.function.BiConsumer<Dispatcher, Throwable> onFailure) {
        while (count > 0) {
            Dispatcher d = channels[count - 1];
            try {
                d.close();
            } catch (Throwable t) {
                onFailure.accept(d, t);
                detach(d);
            }
        }
    }
}

package org.asynchat.internal;

import java.nio.ByteBuffer;

/**
 * The framing state machine: cuts a stream of buffers into collected data and terminators,
 * exactly as asynchat's {@code handle_read} does. The engine behind the public
 * {@code org.asynchat.framing.InputFramer} (which documents the semantics) and behind
 * {@code AsyncChat}'s input path, kept here so that {@code org.asynchat} frames without
 * depending on the {@code framing} package, which depends on it.
 *
 * <p>A subclass receives the three callbacks and sets the terminator with
 * {@link #delimitBy}, {@link #countDown} or {@link #collectAll} ({@code Terminator} does
 * that for its kind, see {@link TerminatorAccess}). The state is a few fields: a partial
 * delimiter match is kept as a length (the held bytes are by definition the delimiter's own
 * first bytes), never as a copy, and no allocation happens per buffer or per frame. Not
 * thread-safe: it belongs to the thread that feeds it.
 */
public abstract class Framer {

    private static final int NONE = 0;
    private static final int COUNT = 1;
    private static final int DELIMITER = 2;

    private int kind = NONE;
    /** The current delimiter's search, when {@code kind == DELIMITER}. */
    private DelimiterSearch scanner;
    /**
     * Bytes still to collect, when {@code kind == COUNT}, not counting the data being
     * collected at the moment; 0 once fired.
     */
    private long remaining;
    /** How many times the terminator was set (wrapping): tells a count whether its collect replaced it. */
    private int terminatorsSet;
    /** How many bytes of {@link #heldFrom}'s delimiter are held back as a partial match. */
    private int held;
    /** The delimiter whose first {@link #held} bytes are held back. */
    private DelimiterSearch heldFrom;
    /** A view of the held bytes, made only when they must be delivered (rare). */
    private ByteBuffer heldView;
    private DelimiterSearch heldViewOf;
    /** Set by {@link #stop()}: the current {@code feed} returns without framing the rest. */
    private boolean stopped;
    /** The most bytes one delimiter frame may collect. */
    private long maxFrameLength = Long.MAX_VALUE;
    /** Bytes collected so far in the current delimiter frame. */
    private long frameLength;
    /** A frame went over the limit: input is dropped up to its delimiter. */
    private boolean discarding;
    /** During a {@link #feed(ByteBuffer, byte[])}: the array to search, holding the buffer's bytes. */
    private byte[] searchArray;

    /** Creates a framer that collects everything (no terminator). */
    protected Framer() {
    }

    /** Receives a run of data of the current frame, never empty: {@code collectIncomingData}. */
    protected abstract void collect(ByteBuffer data);

    /** The terminator was reached: {@code foundTerminator}. */
    protected abstract void terminated();

    /**
     * A delimiter frame went over the limit: the bytes over it are not delivered, and unless
     * this throws, input is dropped up to the next delimiter.
     *
     * @param length the frame length reached, in bytes
     * @param limit the frame limit, in bytes
     */
    protected abstract void frameTooLong(long length, long limit);

    /**
     * Frames by a delimiter from now on (asynchat's bytes terminator).
     *
     * @param delimiter the delimiter's search
     */
    public final void delimitBy(DelimiterSearch delimiter) {
        terminatorChanged();
        kind = DELIMITER;
        scanner = delimiter;
    }

    /**
     * Frames by a byte count from now on (asynchat's int terminator); a count of 0 collects
     * everything, as asynchat's fired count does.
     *
     * @param count the bytes to collect, zero or more
     */
    public final void countDown(long count) {
        terminatorChanged();
        kind = count == 0 ? NONE : COUNT;
        remaining = count;
        scanner = null;
    }

    /** Collects everything from now on (asynchat's {@code None}). */
    public final void collectAll() {
        terminatorChanged();
        kind = NONE;
        scanner = null;
    }

    private void terminatorChanged() {
        terminatorsSet++;
        frameLength = 0;
        discarding = false;
    }

    /**
     * Returns the bytes a count still has to collect, not counting the data being collected
     * at the moment; 0 once fired. Meaningful after {@link #countDown}.
     *
     * @return the bytes left
     */
    public final long remaining() {
        return remaining;
    }

    /**
     * Limits how many bytes one delimiter frame may collect; see
     * {@link #frameTooLong}. Applies from the next delivery on.
     *
     * @param max the limit in bytes, at least 1; {@link Long#MAX_VALUE} for none
     */
    public final void setMaxFrameLength(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("a frame limit must be at least 1 byte, got " + max
                    + "; use Long.MAX_VALUE for no limit");
        }
        maxFrameLength = max;
    }

    /**
     * Returns the frame limit.
     *
     * @return the most bytes one delimiter frame may collect
     */
    public final long getMaxFrameLength() {
        return maxFrameLength;
    }

    /**
     * Returns how many bytes are held back as a possible delimiter prefix.
     *
     * @return the number of held-back bytes, 0 when none
     */
    public final int heldBytes() {
        return held;
    }

    /**
     * Frames the buffer's remaining bytes, calling back as terminators are found.
     * On return the buffer's position equals its limit (unless {@link #stop()} was called
     * from a callback), and its limit is restored. The callbacks see slices of this buffer.
     *
     * @param data the next bytes of the stream
     */
    public final void feed(ByteBuffer data) {
        feed(data, null);
    }

    /**
     * Frames the buffer's remaining bytes as {@link #feed(ByteBuffer)} does, searching for
     * delimiters in {@code array}, which holds the same bytes at the same indices (the buffer
     * is a view of it, typically read-only, so that user code cannot change what is framed).
     * Searching an array is faster than searching a read-only or direct buffer.
     *
     * @param data the next bytes of the stream, as the callbacks are to see them
     * @param array the same bytes: {@code array[i] == data.get(i)} for every index of
     *        {@code data}, or null to search {@code data} itself
     */
    public final void feed(ByteBuffer data, byte[] array) {
        byte[] outer = searchArray; // a nested feed (reframing held bytes) searches its own buffer
        searchArray = array;
        try {
            frame(data);
        } finally {
            searchArray = outer;
        }
    }

    private void frame(ByteBuffer data) {
        final int limit = data.limit();
        int pos = data.position();
        stopped = false;
        try {
            while (pos < limit && !stopped) {
                if (held > 0 && (kind != DELIMITER || !heldFrom.sameDelimiter(scanner))) {
                    // The terminator changed while bytes of the old delimiter were held: frame
                    // them under the new one first, as asynchat would (they are still in its
                    // buffer). Rare, so the copy does not matter.
                    reframeHeld();
                    continue;
                }
                switch (kind) {
                    case DELIMITER -> pos = held > 0 ? continueHeld(data, pos, limit) : scan(data, pos, limit);
                    case COUNT -> pos = count(data, pos, limit);
                    default -> {
                        deliver(data, pos, limit);
                        pos = limit;
                    }
                }
                // A callback saw a slice of this buffer and may have moved its limit.
                data.limit(limit);
            }
        } finally {
            data.limit(limit).position(pos);
        }
    }

    /**
     * Delivers the bytes held back as a possible delimiter prefix, because no more input
     * will come (the peer closed). asynchat loses these bytes; see {@code InputFramer}.
     */
    public final void endOfInput() {
        int n = held;
        if (n > 0) {
            held = 0;
            releaseHeld(n);
        }
    }

    /**
     * Makes the {@link #feed} in progress return after the current callback, leaving the
     * rest of its buffer unframed (for example because the channel was closed).
     */
    public final void stop() {
        stopped = true;
    }

    /** Drops any held-back bytes without delivering them. */
    public final void discard() {
        held = 0;
    }

    /**
     * Byte-count framing. As asynchat does, the data is collected first and the count goes
     * down after, so that {@code getTerminator()} inside {@code collectIncomingData} shows the
     * count before this data; a terminator set meanwhile is left alone.
     */
    private int count(ByteBuffer data, int pos, int limit) {
        final long n = remaining;
        final int available = limit - pos;
        final int set = terminatorsSet;
        if (available < n) {
            deliver(data, pos, limit);
            if (set == terminatorsSet) {
                remaining = n - available;
            }
            return limit;
        }
        int end = pos + (int) n;
        deliver(data, pos, end);
        if (set == terminatorsSet) {
            remaining = 0;
            kind = NONE; // asynchat: a fired count (0) collects everything unless replaced
        }
        terminated();
        return end;
    }

    /** Framing with no bytes held: one fast search, then terminator or held-back tail. */
    private int scan(ByteBuffer data, int pos, int limit) {
        final DelimiterSearch s = scanner;
        final byte[] a = searchArray;
        int at = a != null ? s.indexOf(a, pos, limit) : s.indexOf(data, pos, limit);
        if (at >= 0) {
            if (at > pos) {
                deliverFrameData(data, pos, at);
            }
            endFrame();
            return at + s.length();
        }
        int partial = s.partialMatchAtEnd(data, pos, limit);
        if (limit - partial > pos) {
            deliverFrameData(data, pos, limit - partial);
        }
        held = partial;
        heldFrom = s;
        return limit;
    }

    /**
     * Framing with {@code held} bytes held back: the stream is the delimiter's first
     * {@code held} bytes followed by the data. A few KMP steps decide where the partial match
     * goes; at most {@code length() - 1} bytes are stepped before the fast path takes over.
     */
    private int continueHeld(ByteBuffer data, int pos, int limit) {
        final DelimiterSearch s = scanner;
        final int k = held;
        final int d = s.length();
        int q = k;
        int i = pos;
        while (i < limit) {
            q = s.step(q, data.get(i++));
            int consumed = i - pos;
            if (q == d) {
                // Complete: the match starts at k + consumed - d in the held-then-data stream.
                int start = k + consumed - d;
                held = 0;
                if (start >= k) {
                    releaseHeld(k);
                    if (start > k) {
                        deliverFrameData(data, pos, pos + start - k);
                    }
                } else if (start > 0) {
                    releaseHeld(start);
                }
                endFrame();
                return i;
            }
            if (q <= consumed) {
                // The longest partial match now lies inside the data: no match can start in
                // the held bytes any more, so they are data; the fast path rescans from pos.
                held = 0;
                releaseHeld(k);
                return pos;
            }
        }
        // The data ran out inside a match that still begins in the held bytes.
        int start = k + (limit - pos) - q;
        held = q;
        if (start > 0) {
            releaseHeld(start);
        }
        return limit;
    }

    private void reframeHeld() {
        int n = held;
        DelimiterSearch from = heldFrom;
        held = 0;
        byte[] copy = new byte[n];
        for (int j = 0; j < n; j++) {
            copy[j] = from.byteAt(j);
        }
        feed(ByteBuffer.wrap(copy).asReadOnlyBuffer());
    }

    /**
     * Delivers the first {@code n} bytes of {@link #heldFrom}'s delimiter, which were held
     * back; the caller has already updated {@link #held}.
     */
    private void releaseHeld(int n) {
        DelimiterSearch from = heldFrom;
        if (heldViewOf != from) {
            byte[] bytes = from.delimiter();
            heldView = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
            heldViewOf = from;
        }
        ByteBuffer view = heldView;
        view.limit(n).position(0);
        if (kind == DELIMITER) {
            deliverFrameData(view, 0, n);
        } else {
            collect(view);
        }
    }

    /**
     * Delivers data of a delimiter frame, enforcing the frame limit; drops it while
     * discarding an over-long frame.
     */
    private void deliverFrameData(ByteBuffer data, int from, int to) {
        if (discarding) {
            return;
        }
        long length = frameLength + (to - from);
        if (length > maxFrameLength) {
            discarding = true;
            frameLength = 0;
            frameTooLong(length, maxFrameLength);
            return;
        }
        frameLength = length;
        deliver(data, from, to);
    }

    /** The delimiter was found: a terminator, or the end of a discarded over-long frame. */
    private void endFrame() {
        frameLength = 0;
        if (discarding) {
            discarding = false;
            return;
        }
        terminated();
    }

    private void deliver(ByteBuffer data, int from, int to) {
        data.limit(to).position(from);
        collect(data);
    }
}

package org.asynchat.examples.support;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects the pieces {@code collectIncomingData} is given until {@code foundTerminator}
 * comes: asynchat's {@code ibuffer} list, as one growable array with a limit. Past the limit
 * it keeps nothing more and says so, so that a peer cannot make a channel hold unbounded
 * input; the protocol then answers with its own "too large" error.
 *
 * <p>Not thread-safe: it belongs to one channel, on its loop's thread.
 */
public final class ByteAccumulator {

    private final int limit;
    private byte[] bytes;
    private int length;
    private boolean overflowed;

    /**
     * Creates an accumulator.
     *
     * @param limit the most bytes it keeps
     * @param initialCapacity the bytes allocated at first; grows by doubling up to the limit
     */
    public ByteAccumulator(int limit, int initialCapacity) {
        if (limit < 0 || initialCapacity < 0) {
            throw new IllegalArgumentException("limit and capacity must be zero or more, got " + limit + " and "
                    + initialCapacity);
        }
        this.limit = limit;
        this.bytes = new byte[Math.min(limit, initialCapacity)];
    }

    /**
     * Appends the buffer's remaining bytes, or, if they would pass the limit, marks the
     * accumulator as overflowed and keeps nothing more. The buffer's position is not moved.
     *
     * @param data the bytes, from position to limit
     * @return false if the limit was passed (now or before)
     */
    public boolean append(ByteBuffer data) {
        int n = data.remaining();
        if (overflowed || n > limit - length) {
            overflowed = true;
            return false;
        }
        ensureCapacity(length + n);
        data.get(data.position(), bytes, length, n);
        length += n;
        return true;
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            long doubled = Math.max(16L, (long) bytes.length * 2);
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(doubled, needed)));
        }
    }

    /**
     * Tells whether more than the limit was offered since the last {@link #clear()}.
     *
     * @return true once the limit was passed
     */
    public boolean overflowed() {
        return overflowed;
    }

    /**
     * Returns how many bytes are held.
     *
     * @return the length
     */
    public int length() {
        return length;
    }

    /**
     * Returns the backing array; bytes {@code [0, length())} are the data. Valid until the
     * next {@link #append}.
     *
     * @return the backing array
     */
    public byte[] array() {
        return bytes;
    }

    /**
     * Returns a copy of the bytes held.
     *
     * @return the bytes
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /**
     * Returns the bytes held as a buffer over the backing array (not a copy).
     *
     * @return a buffer from 0 to {@link #length()}
     */
    public ByteBuffer asBuffer() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    /**
     * Decodes the bytes held.
     *
     * @param charset the encoding
     * @return the text
     */
    public String toString(Charset charset) {
        return new String(bytes, 0, length, charset);
    }

    /**
     * Decodes the bytes held one byte per character (ISO-8859-1), which never fails: the
     * right reading for protocol lines whose syntax is ASCII.
     *
     * @return the text
     */
    public String toLatin1() {
        return toString(StandardCharsets.ISO_8859_1);
    }

    /** Forgets the bytes held and the overflow; keeps the allocated array for reuse. */
    public void clear() {
        length = 0;
        overflowed = false;
    }

    /**
     * Forgets the bytes held and gives back a large array, so that one big message does not
     * pin its memory to an idle connection.
     *
     * @param keepCapacity the largest array kept
     */
    public void clear(int keepCapacity) {
        clear();
        if (bytes.length > keepCapacity) {
            bytes = new byte[Math.min(limit, keepCapacity)];
        }
    }

    @Override
    public String toString() {
        return "ByteAccumulator[" + length + " of " + limit + " bytes" + (overflowed ? ", overflowed" : "") + "]";
    }
}

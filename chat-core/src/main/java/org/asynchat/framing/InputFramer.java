package org.asynchat.framing;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.asynchat.FrameTooLongException;
import org.asynchat.Terminator;
import org.asynchat.internal.Framer;
import org.asynchat.internal.TerminatorAccess;

/**
 * The transport-independent state machine behind {@code AsyncChat}'s reads: cuts a stream of
 * buffers into collected data and terminators, exactly as asynchat's {@code handle_read}
 * does, for any {@link ByteBuffer} source.
 *
 * <p>Semantics kept from asynchat:
 * <ul>
 *   <li>a delimiter is found wherever it lies, across any number of {@link #feed} calls;
 *       bytes that might begin a delimiter are held back until the next buffer decides;</li>
 *   <li>a byte count counts down: {@link #getTerminator()} reports what is left, and
 *       {@code count(0)} once it has fired; a count of zero collects everything, as none.
 *       As in asynchat, data is collected first and counted after: inside
 *       {@code collectIncomingData} the count still includes the data being collected
 *       ({@code count(5)} fed {@code "abc"} then {@code "de"} shows 5, then 2), and inside
 *       {@code foundTerminator()} it is 0;</li>
 *   <li>data after a terminator is framed with the terminator that
 *       {@link FrameHandler#foundTerminator()} set;</li>
 *   <li>an empty run of data is never reported (an empty line is a {@code foundTerminator()}
 *       with no collect before it).</li>
 * </ul>
 *
 * <p>One difference, on purpose: bytes held back as a possible delimiter prefix are delivered
 * to {@code collectIncomingData} by {@link #endOfInput()} when the peer closes. asynchat
 * drops them (its {@code handle_close} never looks at {@code ac_in_buffer}), so a last line
 * such as {@code "bye\r"} loses its {@code "\r"} there and not here.
 *
 * <p>A frame limit ({@link #setMaxFrameLength}) bounds how much may be collected for one
 * delimiter frame: the defence against a peer that sends data and never the delimiter. Byte
 * counts are not limited (the protocol chose the count and should check it first), nor is
 * {@code Terminator.none()} (which means "collect forever").
 *
 * <p>The state is a few fields: a partial delimiter match is kept as a length (the held bytes
 * are by definition the delimiter's own first bytes), never as a copy, and no allocation
 * happens per buffer or per frame. An instance is not thread-safe; it belongs to the thread
 * that feeds it.
 */
public final class InputFramer {

    private final FrameHandler handler;
    /** The framing itself ({@link Framer}), calling back into {@link #handler}. */
    private final Engine engine = new Engine();
    private Terminator terminator = Terminator.none();

    /** The engine's callbacks, passed on to the handler. */
    private final class Engine extends Framer {
        @Override
        protected void collect(ByteBuffer data) {
            handler.collectIncomingData(data);
        }

        @Override
        protected void terminated() {
            handler.foundTerminator();
        }

        @Override
        protected void frameTooLong(long length, long limit) {
            handler.frameTooLong(new FrameTooLongException(length, limit, terminator));
        }
    }

    /**
     * Creates a framer with no terminator.
     *
     * @param handler receives the collected data and terminators
     */
    public InputFramer(FrameHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Sets the terminator. Allowed at any time, including inside the handler's callbacks,
     * where it applies to the rest of the buffer being fed. Bytes held back as a prefix of the
     * previous delimiter are framed again under the new terminator.
     *
     * @param terminator the new terminator
     */
    public void setTerminator(Terminator terminator) {
        Objects.requireNonNull(terminator, "terminator (use Terminator.none() for no terminator)");
        this.terminator = terminator;
        TerminatorAccess.apply(terminator, engine);
    }

    /**
     * Returns the current terminator; for a byte count, the bytes still to collect. Inside
     * {@link FrameHandler#collectIncomingData} those include the data being collected (the
     * count goes down after the call, as in asynchat); inside
     * {@link FrameHandler#foundTerminator()} a fired count is {@code count(0)}.
     *
     * @return the current terminator
     */
    public Terminator getTerminator() {
        if (terminator instanceof Terminator.Count c && c.count() != engine.remaining()) {
            terminator = Terminator.count(engine.remaining());
        }
        return terminator;
    }

    /**
     * Limits how many bytes one delimiter frame may collect; see
     * {@link FrameHandler#frameTooLong}. Applies from the next delivery on.
     *
     * @param max the limit in bytes, at least 1; {@link Long#MAX_VALUE} for none
     */
    public void setMaxFrameLength(long max) {
        engine.setMaxFrameLength(max);
    }

    /**
     * Returns the frame limit.
     *
     * @return the most bytes one delimiter frame may collect
     */
    public long getMaxFrameLength() {
        return engine.getMaxFrameLength();
    }

    /**
     * Returns how many bytes are held back as a possible delimiter prefix.
     *
     * @return the number of held-back bytes, 0 when none
     */
    public int heldBytes() {
        return engine.heldBytes();
    }

    /**
     * Frames the buffer's remaining bytes, calling the handler as terminators are found.
     * On return the buffer's position equals its limit (unless {@link #stop()} was called
     * from a callback), and its limit is restored. The handler sees slices of this buffer.
     *
     * @param data the next bytes of the stream
     */
    public void feed(ByteBuffer data) {
        engine.feed(data);
    }

    /**
     * Frames the buffer's remaining bytes as {@link #feed(ByteBuffer)} does, searching for
     * delimiters in {@code array}, which holds the same bytes at the same indices (the buffer
     * is a view of it, typically read-only, so that the handler cannot change what is framed).
     * Searching an array is faster than searching a read-only or direct buffer.
     *
     * @param data the next bytes of the stream, as the handler is to see them
     * @param array the same bytes: {@code array[i] == data.get(i)} for every index of
     *        {@code data}, or null to search {@code data} itself
     */
    public void feed(ByteBuffer data, byte[] array) {
        engine.feed(data, array);
    }

    /**
     * Delivers the bytes held back as a possible delimiter prefix, because no more input
     * will come (the peer closed). asynchat loses these bytes; see the class comment.
     */
    public void endOfInput() {
        engine.endOfInput();
    }

    /**
     * Makes the {@link #feed} in progress return after the current callback, leaving the
     * rest of its buffer unframed (for example because the channel was closed).
     */
    public void stop() {
        engine.stop();
    }

    /** Drops any held-back bytes without delivering them. */
    public void discard() {
        engine.discard();
    }
}

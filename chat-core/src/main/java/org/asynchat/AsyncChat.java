package org.asynchat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

import org.asynchat.framing.FrameHandler;
import org.asynchat.framing.InputFramer;
import org.asynchat.internal.OutputQueue;
import org.asynchat.spi.SocketHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel for command/response protocols: asynchat's {@code async_chat}. Say how input is
 * framed with {@link #setTerminator}, receive it through {@link #collectIncomingData} and
 * {@link #foundTerminator()}, and answer with {@link #push} and {@link #pushWithProducer}.
 *
 * <pre>{@code
 * class EchoHandler extends AsyncChat {
 *     private final ByteArrayOutputStream line = new ByteArrayOutputStream();
 *
 *     EchoHandler(AcceptedConnection connection) {
 *         super(connection);
 *         setTerminator(Terminator.of("\n"));
 *     }
 *     public void collectIncomingData(ByteBuffer data) {
 *         byte[] bytes = new byte[data.remaining()];
 *         data.get(bytes);
 *         line.writeBytes(bytes);
 *     }
 *     public void foundTerminator() {
 *         line.write('\n');
 *         push(line.toByteArray());
 *         line.reset();
 *     }
 * }
 * }</pre>
 *
 * <p>Input: each read takes up to {@link #getInBufferSize()} bytes into the loop's shared
 * read buffer and frames them with an {@link InputFramer}, whose Javadoc gives the exact
 * semantics (asynchat's, plus delivery of held-back bytes at end of stream). The buffer given
 * to {@code collectIncomingData} is read-only and lent for the call only.
 *
 * <p>Output: {@link #push} copies the bytes into the channel's queue, in chunks of
 * {@link #getOutBufferSize()} bytes, so the caller may reuse its buffer at once; small pushes
 * share chunks, and everything queued in one turn of the loop goes out in as few gathering
 * writes as the socket allows. Producers are pulled only as the socket drains.
 *
 * <p>Limits, so that a channel can face the network: a delimiter frame may collect at most
 * {@link #setMaxFrameLength} bytes (default {@value #DEFAULT_MAX_FRAME_LENGTH}); queued output
 * has watermarks ({@link #isWritable()}, {@link #handleWritabilityChanged()}) for senders that
 * should pause, and a hard limit ({@link #setMaxQueuedOutput}, default
 * {@value #DEFAULT_MAX_QUEUED_OUTPUT}) past which the channel fails with
 * {@link OutputOverflowException} instead of filling the heap. {@link #pauseReading()} stops
 * input at once, mid-buffer if need be.
 *
 * <p>Threads: {@link #push}, {@link #pushWithProducer} and {@link #closeWhenDone()} may be
 * called from any thread; from another thread they are handed to the loop, in order. All
 * other methods belong to the loop's thread.
 */
public abstract class AsyncChat extends Dispatcher implements FrameHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncChat.class);

    /** asynchat's default {@code ac_in_buffer_size} and {@code ac_out_buffer_size}, in bytes. */
    public static final int DEFAULT_BUFFER_SIZE = 4096;
    /** The default frame limit, in bytes: a delimiter frame may collect this much. */
    public static final long DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;
    /** The value of {@link #setMaxFrameLength} that turns the frame limit off. */
    public static final long NO_FRAME_LIMIT = Long.MAX_VALUE;
    /** The default high watermark of queued output, in bytes. */
    public static final long DEFAULT_HIGH_WATERMARK = 64 * 1024;
    /** The default low watermark of queued output, in bytes. */
    public static final long DEFAULT_LOW_WATERMARK = 32 * 1024;
    /** The default hard limit of queued output, in bytes. */
    public static final long DEFAULT_MAX_QUEUED_OUTPUT = 16L * 1024 * 1024;

    private final InputFramer framer = new InputFramer(this);
    private final OutputQueue output = new OutputQueue();
    private int inBufferSize = DEFAULT_BUFFER_SIZE;
    private int outBufferSize = DEFAULT_BUFFER_SIZE;
    /** Output was queued this turn and not yet flushed. */
    private boolean flushPending;
    /** Watermarks and hard limit; one shared instance unless a channel sets its own. */
    private OutputLimits limits = OutputLimits.DEFAULT;
    /** False between crossing the high watermark and falling back to the low one. */
    private boolean writable = true;
    /** The writability changed and the hook has not run yet (it runs when the turn settles). */
    private boolean writabilityChanged;
    /** Set when a push overflowed: later pushes are dropped and the channel fails when settled. */
    private OutputOverflowException overflow;
    /** Input read but not yet framed because reading was paused mid-buffer (a heap copy). */
    private ByteBuffer parkedInput;

    /**
     * Creates a client channel; call {@link #connect} next.
     *
     * @param loop the loop the channel belongs to
     */
    protected AsyncChat(EventLoop loop) {
        super(loop);
        framer.setMaxFrameLength(DEFAULT_MAX_FRAME_LENGTH);
    }

    /**
     * Creates a channel for an accepted connection.
     *
     * @param connection the connection given to {@link Dispatcher#handleAccepted}
     */
    protected AsyncChat(AcceptedConnection connection) {
        super(connection);
        framer.setMaxFrameLength(DEFAULT_MAX_FRAME_LENGTH);
    }

    // ---------------------------------------------------------------- input

    /**
     * Receives data of the current frame; see {@link FrameHandler#collectIncomingData}. The
     * buffer is read-only and valid during the call only: copy what you keep.
     *
     * @param data the data, from position to limit, never empty
     */
    @Override
    public abstract void collectIncomingData(ByteBuffer data);

    /**
     * The terminator was reached; see {@link FrameHandler#foundTerminator()}.
     */
    @Override
    public abstract void foundTerminator();

    /**
     * Sets how input is framed. Inside {@link #foundTerminator()} it applies to the rest of
     * the data already read.
     *
     * @param terminator a delimiter, a byte count, or {@link Terminator#none()}
     */
    public final void setTerminator(Terminator terminator) {
        checkLoop("setTerminator");
        framer.setTerminator(terminator);
    }

    /**
     * Returns the current terminator; for a byte count, the bytes still to collect (0 once it
     * has fired). As in asynchat, data is collected first and counted after: inside
     * {@link #collectIncomingData} the count still includes the data being collected
     * ({@code count(5)} fed {@code "abc"}, then {@code "de"}, shows 5, then 2), and inside
     * {@link #foundTerminator()} it is 0.
     *
     * @return the terminator
     */
    public final Terminator getTerminator() {
        checkLoop("getTerminator");
        return framer.getTerminator();
    }

    /**
     * Returns the most bytes one read takes: asynchat's {@code ac_in_buffer_size}.
     *
     * @return the size in bytes
     */
    public final int getInBufferSize() {
        return inBufferSize;
    }

    /**
     * Sets the most bytes one read takes. Call it in a subclass constructor for a per-class
     * value, or at any time for this channel.
     *
     * @param size at least 1
     */
    public final void setInBufferSize(int size) {
        checkLoop("setInBufferSize");
        if (size < 1) {
            throw new IllegalArgumentException("in-buffer size must be at least 1 byte, got " + size);
        }
        inBufferSize = size;
    }

    /**
     * Returns the size of the chunks output is queued in: asynchat's
     * {@code ac_out_buffer_size}.
     *
     * @return the size in bytes
     */
    public final int getOutBufferSize() {
        return outBufferSize;
    }

    /**
     * Sets the size of the chunks output is queued in; pushes larger than this are split.
     * Call it in a subclass constructor for a per-class value, or at any time.
     *
     * @param size at least 1
     */
    public final void setOutBufferSize(int size) {
        checkLoop("setOutBufferSize");
        if (size < 1) {
            throw new IllegalArgumentException("out-buffer size must be at least 1 byte, got " + size);
        }
        outBufferSize = size;
    }

    /**
     * Limits how many bytes a delimiter frame may collect before its delimiter arrives: the
     * defence against a peer that never sends one. Past it, the bytes over the limit are not
     * delivered and {@link #handleFrameTooLong} is called. Byte-count and no-terminator
     * framing are not limited (check a count before you set it).
     *
     * @param max the limit in bytes, at least 1, or {@link #NO_FRAME_LIMIT} to turn it off
     */
    public final void setMaxFrameLength(long max) {
        checkLoop("setMaxFrameLength");
        framer.setMaxFrameLength(max);
    }

    /**
     * Returns the frame limit.
     *
     * @return the most bytes a delimiter frame may collect
     */
    public final long getMaxFrameLength() {
        return framer.getMaxFrameLength();
    }

    /**
     * A delimiter frame went over the frame limit. The default reports the error to
     * {@link #handleError}, which logs one line and closes the channel. An override that
     * does not close (say, to answer with a protocol error first) leaves the framer
     * discarding input up to the next delimiter, after which framing resumes normally.
     *
     * @param error the frame length and limit
     */
    protected void handleFrameTooLong(FrameTooLongException error) {
        handleError(error);
    }

    /** The framer's hook; routes to {@link #handleFrameTooLong}. Not for callers. */
    @Override
    public final void frameTooLong(FrameTooLongException error) {
        handleFrameTooLong(error);
    }

    @Override
    public void pauseReading() {
        super.pauseReading();
        framer.stop(); // inside a callback: the rest of this read waits, parked, for resumeReading
    }

    @Override
    protected void handleRead() {
        SocketHandle socket = (SocketHandle) handle;
        int size = inBufferSize;
        ByteBuffer buf = loop.readBuffer(size).limit(size);
        int n;
        try {
            n = socket.read(buf);
        } catch (ConnectionResetException e) {
            n = -1;
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (n > 0) {
            lastActivityNanos = loop.turnNanos();
            byte[] copy = loop.readArray();
            buf.get(0, copy, 0, n);
            ByteBuffer view = loop.readView();
            view.limit(n).position(0);
            framer.feed(view, copy);
            if (view.hasRemaining() && readPaused && isOpen()) {
                parkedInput = ByteBuffer.allocate(view.remaining()).put(view).flip();
            }
        } else if (n < 0) {
            endOfInput();
        }
    }

    /** Frames input parked by {@link #pauseReading()}, once reading resumed. */
    private void frameParkedInput() {
        ByteBuffer parked = parkedInput;
        if (parked == null || readPaused || !isOpen()) {
            return;
        }
        parkedInput = null;
        framer.feed(parked);
        if (parked.hasRemaining() && readPaused && isOpen()) {
            parkedInput = parked;
        }
    }

    private void endOfInput() {
        inputEnded = true;
        framer.endOfInput();
        if (isOpen()) {
            handlePeerShutdown();
        }
    }

    @Override
    void peerReset() {
        framer.endOfInput();
        if (isOpen()) {
            handleClose();
        }
    }

    // ---------------------------------------------------------------- output

    /**
     * Queues bytes for sending. The array is copied, so it may be reused at once. Any
     * thread.
     *
     * @param data the bytes
     */
    public final void push(byte[] data) {
        push(data, 0, data.length);
    }

    /**
     * Queues part of an array for sending. The bytes are copied. Any thread.
     *
     * @param data the array
     * @param offset the first byte
     * @param length how many bytes
     */
    public final void push(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (loop.inEventLoop()) {
            pushNow(data, offset, length, false);
        } else {
            byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
            handOver(() -> pushNow(ByteBuffer.wrap(copy), true));
        }
    }

    /**
     * Queues a buffer's bytes, from its position to its limit, for sending. The bytes are
     * copied and the buffer is not changed (its position does not move). Heap, direct,
     * read-only and sliced buffers are all accepted. Any thread.
     *
     * @param data the bytes
     */
    public final void push(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        if (loop.inEventLoop()) {
            pushNow(data, false);
        } else {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(0, data, data.position(), data.remaining());
            handOver(() -> pushNow(copy, true));
        }
    }

    /**
     * Queues a producer after everything queued so far; its {@link Producer#more()} is called
     * as the socket drains. Any thread.
     *
     * @param producer the producer
     */
    public final void pushWithProducer(Producer producer) {
        Objects.requireNonNull(producer, "producer");
        if (loop.inEventLoop()) {
            pushProducerNow(producer, false);
        } else {
            handOver(() -> pushProducerNow(producer, true));
        }
    }

    /**
     * Closes the channel once everything queued before this call is sent: asynchat's
     * {@code close_when_done}; {@link #handleClose()} runs then. Any thread.
     */
    public final void closeWhenDone() {
        if (loop.inEventLoop()) {
            closeWhenDoneNow();
        } else {
            handOver(this::closeWhenDoneNow);
        }
    }

    /**
     * Shuts down the sending side once everything queued before this call is sent: the peer
     * then reads end of stream, while this channel can still read (a half-close). Later pushes
     * are dropped.
     */
    @Override
    public void shutdownOutput() {
        checkLoop("shutdownOutput");
        if (!isOpen() || output.closeQueued() || output.shutdownQueued()) {
            return;
        }
        output.shutdownOutputWhenDone();
        scheduleFlush();
    }

    /**
     * Tells whether queued output is below the high watermark: false from the push that
     * crosses the high watermark until the queue drains to the low watermark. A sender of much
     * data (a broadcast, a generated stream) should stop pushing while false and resume in
     * {@link #handleWritabilityChanged()}.
     *
     * @return true while the channel takes more output comfortably
     */
    public final boolean isWritable() {
        return writable;
    }

    /**
     * Sets the watermarks of queued output for {@link #isWritable()}.
     *
     * @param low writable again at or below this many bytes
     * @param high not writable above this many bytes; at least {@code low}
     */
    public final void setWriteWatermarks(long low, long high) {
        checkLoop("setWriteWatermarks");
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("watermarks need 0 <= low <= high, got low " + low + " and high " + high);
        }
        if (limits.max() < high) {
            throw new IllegalArgumentException("the high watermark (" + high + ") must not exceed the output limit ("
                    + limits.max() + "); raise it with setMaxQueuedOutput first");
        }
        limits = new OutputLimits(low, high, limits.max());
    }

    /**
     * Sets the hard limit of queued output: a push that would exceed it is dropped and the
     * channel fails with {@link OutputOverflowException}.
     *
     * @param max the limit in bytes, at least the high watermark
     */
    public final void setMaxQueuedOutput(long max) {
        checkLoop("setMaxQueuedOutput");
        if (max < limits.high()) {
            throw new IllegalArgumentException("the output limit (" + max + ") must be at least the high watermark ("
                    + limits.high() + ")");
        }
        limits = new OutputLimits(limits.low(), limits.high(), max);
    }

    /**
     * The channel's writability changed (see {@link #isWritable()}); called on the loop's
     * thread when the turn in which it changed settles. Does nothing by default.
     */
    protected void handleWritabilityChanged() {
    }

    /**
     * The peer shut down its sending side: a half-close, as {@code nc -N}, HTTP/1.0-style
     * clients and every "send the request, shut down, read the answer" client do. By then all
     * its input has been framed (held-back bytes included), so the answers to it are queued;
     * the default sends them and then closes: {@link #closeWhenDone()}, which calls
     * {@link #handleClose()} once the last queued byte is written (at once if nothing is
     * queued). Output pushed after this, say from another thread, is dropped: a channel that
     * answers later overrides this and calls {@code closeWhenDone()} when its answer is queued.
     * (asyncore, and a plain {@link Dispatcher}, close at once and lose what is queued.)
     *
     * <p>What a half-closed peer that stops reading can hold is what any peer that stops
     * reading holds: the output already queued, at most {@link #setMaxQueuedOutput} bytes
     * (nothing is added after the close is queued), and the kernel's socket buffers. The
     * channel closes when that is written, when the peer resets the connection, when the
     * idle timeout ({@link #setIdleTimeout}, which only write progress extends now) passes,
     * or at a graceful shutdown's deadline; a server facing the network should set an idle
     * timeout.
     */
    @Override
    protected void handlePeerShutdown() {
        closeWhenDone();
    }

    /** Graceful shutdown of the loop: close once queued output is sent. */
    @Override
    protected void handleShutdown() {
        closeWhenDone();
    }

    /**
     * In emergencies: drops all queued output (producers, close marker and all) and any input
     * held back as a possible delimiter prefix.
     */
    public final void discardBuffers() {
        checkLoop("discardBuffers");
        output.discard(loop.outputPool);
        framer.discard();
    }

    /**
     * Returns how many bytes are queued and not yet written (producers count once pulled).
     *
     * @return the queued byte count
     */
    public final long queuedOutputBytes() {
        checkLoop("queuedOutputBytes");
        return output.queuedBytes();
    }

    private void handOver(Runnable action) {
        try {
            loop.execute(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("{}: output handed over after its loop closed was dropped", this);
        }
    }

    /**
     * Whether output may still be queued. On the loop's own call path, output after close is
     * a bug and says so; output handed over from another thread that arrives late, after
     * {@code closeWhenDone}, after a shutdown of output, or after an overflow is dropped.
     */
    private boolean acceptsOutput(String what, boolean handedOver) {
        if (!isOpen()) {
            if (handedOver) {
                LOG.debug("{}: {} handed over after close was dropped", this, what);
                return false;
            }
            throw new ChannelClosedException(what + " on " + this + ", which is closed; check isOpen() first"
                    + " (for example, forget channels in handleClose)");
        }
        if (output.closeQueued() || output.shutdownQueued() || overflow != null) {
            LOG.debug("{}: {} after {} was dropped", this, what, overflow != null ? "an output overflow"
                    : output.closeQueued() ? "closeWhenDone" : "shutdownOutput");
            return false;
        }
        return true;
    }

    private void pushNow(ByteBuffer data, boolean handedOver) {
        pushNow(data, data.position(), data.remaining(), handedOver);
    }

    /**
     * Queues {@code n} bytes from {@code from} of {@code src}, a {@code byte[]} or a
     * {@code ByteBuffer}: arrays are copied straight in, so a push allocates nothing.
     */
    private void pushNow(Object src, int from, int n, boolean handedOver) {
        if (!acceptsOutput("push", handedOver) || n == 0) {
            return;
        }
        long queued = output.queuedBytes();
        OutputLimits l = limits;
        if (queued + n > l.max()) {
            overflow = new OutputOverflowException(queued, n, l.max());
            loop.markDirty(this);
            return;
        }
        if (src instanceof byte[] array) {
            output.append(array, from, n, outBufferSize, loop.outputPool);
        } else {
            output.append((ByteBuffer) src, outBufferSize, loop.outputPool);
        }
        if (writable && queued + n > l.high()) {
            writable = false;
            writabilityChanged = true;
        }
        scheduleFlush();
    }

    private void pushProducerNow(Producer producer, boolean handedOver) {
        if (!acceptsOutput("pushWithProducer", handedOver)) {
            if (producer instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // dropped anyway
                }
            }
            return;
        }
        output.addProducer(producer);
        scheduleFlush();
    }

    private void closeWhenDoneNow() {
        if (!isOpen() || output.closeQueued()) {
            return;
        }
        output.closeWhenDone();
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushPending) {
            flushPending = true;
            loop.markDirty(this);
        }
    }

    /** asynchat: the channel wants write events while output is queued. */
    @Override
    public boolean writable() {
        return !output.isEmpty();
    }

    @Override
    protected void handleWrite() {
        flushPending = false;
        try {
            flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    void beforeSettle() throws IOException {
        if (parkedInput != null) {
            frameParkedInput();
        }
        if (overflow != null) {
            OutputOverflowException e = overflow;
            output.discard(loop.outputPool);
            fail(e);
            return;
        }
        if (flushPending) {
            flushPending = false;
            flush();
        }
        if (writabilityChanged && isOpen()) {
            writabilityChanged = false;
            handleWritabilityChanged();
        }
    }

    private void flush() throws IOException {
        if (state != CONNECTED) {
            return; // still connecting: handleConnect comes first, then the write event flushes
        }
        long writtenBefore = output.writtenBytes();
        int result = output.flush((SocketHandle) handle, loop.gather, loop.outputPool);
        if (output.writtenBytes() != writtenBefore) {
            // Only progress counts: a flush into a full socket is not activity, or a peer that
            // stopped reading would never go idle while the channel keeps pushing to it.
            lastActivityNanos = loop.turnNanos();
        }
        if (!writable && output.queuedBytes() <= limits.low()) {
            writable = true;
            writabilityChanged = true;
            loop.markDirty(this);
        }
        if (result == OutputQueue.CLOSE_REACHED) {
            output.discard(loop.outputPool);
            handleClose();
        }
    }

    @Override
    void connected() {
        if (!output.isEmpty() && isConnected()) {
            scheduleFlush();
        }
    }

    @Override
    void released() {
        framer.stop();
        output.discard(loop.outputPool);
        parkedInput = null;
    }

    /** Queued-output thresholds, in bytes: writable again at {@code low}, not above {@code high}, failing above {@code max}. */
    private record OutputLimits(long low, long high, long max) {
        static final OutputLimits DEFAULT =
                new OutputLimits(DEFAULT_LOW_WATERMARK, DEFAULT_HIGH_WATERMARK, DEFAULT_MAX_QUEUED_OUTPUT);
    }
}

package org.asynchat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import org.asynchat.framing.FrameHandler;

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
 * read buffer and frames them exactly as an {@link org.asynchat.framing.InputFramer} does, whose
 * Javadoc gives the semantics (asynchat's, plus delivery of held-back bytes at end of stream). The buffer given
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
 *
 * <p>{@code AsyncChat} is a {@link FrameHandler} for compatibility only: it frames its input
 * itself, and nothing should pass a channel to an {@code InputFramer}. That supertype goes
 * when {@link #frameTooLong} does.
 */
public abstract class AsyncChat extends Dispatcher implements FrameHandler {

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

    /** The input path: socket to collectIncomingData, and the framer. */
    private final ChannelInput input = new ChannelInput(this);
    /** The output path: push to the socket, and the queue. */
    private final ChannelOutput output = new ChannelOutput(this);

    /**
     * Creates a client channel; call {@link #connect} next.
     *
     * @param loop the loop the channel belongs to
     */
    protected AsyncChat(EventLoop loop) {
        super(loop);
    }

    /**
     * Creates a channel for an accepted connection.
     *
     * @param connection the connection given to {@link Dispatcher#handleAccepted}
     */
    protected AsyncChat(AcceptedConnection connection) {
        super(connection);
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
        input.setTerminator(Objects.requireNonNull(terminator, "terminator (use Terminator.none() for no terminator)"));
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
        return input.getTerminator();
    }

    /**
     * Returns the most bytes one read takes: asynchat's {@code ac_in_buffer_size}.
     *
     * @return the size in bytes
     */
    public final int getInBufferSize() {
        return input.bufferSize();
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
        input.setBufferSize(size);
    }

    /**
     * Returns the size of the chunks output is queued in: asynchat's
     * {@code ac_out_buffer_size}.
     *
     * @return the size in bytes
     */
    public final int getOutBufferSize() {
        return output.chunkSize();
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
        output.setChunkSize(size);
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
        input.setMaxFrameLength(max);
    }

    /**
     * Returns the frame limit.
     *
     * @return the most bytes a delimiter frame may collect
     */
    public final long getMaxFrameLength() {
        return input.getMaxFrameLength();
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

    /**
     * Routes to {@link #handleFrameTooLong}.
     *
     * @param error the frame length and limit
     * @deprecated The channel's framer calls {@link #handleFrameTooLong} itself; this public
     *     method was its hook and is not for callers. Override {@code handleFrameTooLong} to
     *     react to an over-long frame. This method will be removed, and with it
     *     {@code AsyncChat}'s {@link FrameHandler} supertype.
     */
    @Deprecated(since = "0.2.0", forRemoval = true)
    @Override
    public final void frameTooLong(FrameTooLongException error) {
        handleFrameTooLong(error);
    }

    @Override
    public void pauseReading() {
        super.pauseReading();
        input.stop(); // inside a callback: the rest of this read waits, parked, for resumeReading
    }

    @Override
    protected void handleRead() {
        input.read();
    }

    @Override
    void flushHeldInput() {
        input.endOfInput();
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
        output.push(data, offset, length);
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
        output.push(data);
    }

    /**
     * Queues a producer after everything queued so far; its {@link Producer#more()} is called
     * as the socket drains. Any thread.
     *
     * @param producer the producer
     */
    public final void pushWithProducer(Producer producer) {
        Objects.requireNonNull(producer, "producer");
        output.pushProducer(producer);
    }

    /**
     * Closes the channel once everything queued before this call is sent: asynchat's
     * {@code close_when_done}; {@link #handleClose()} runs then. Any thread.
     */
    public final void closeWhenDone() {
        output.closeWhenDoneFromAnyThread();
    }

    /**
     * Shuts down the sending side once everything queued before this call is sent: the peer
     * then reads end of stream, while this channel can still read (a half-close). Later pushes
     * are dropped.
     */
    @Override
    public void shutdownOutput() {
        checkLoop("shutdownOutput");
        output.shutdownWhenDone();
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
        return output.isWritable();
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
        ChannelOutput.Limits limits = output.limits();
        if (limits.max() < high) {
            throw new IllegalArgumentException("the high watermark (" + high + ") must not exceed the output limit ("
                    + limits.max() + "); raise it with setMaxQueuedOutput first");
        }
        output.setLimits(new ChannelOutput.Limits(low, high, limits.max()));
    }

    /**
     * Sets the hard limit of queued output: a push that would exceed it is dropped and the
     * channel fails with {@link OutputOverflowException}.
     *
     * @param max the limit in bytes, at least the high watermark
     */
    public final void setMaxQueuedOutput(long max) {
        checkLoop("setMaxQueuedOutput");
        ChannelOutput.Limits limits = output.limits();
        if (max < limits.high()) {
            throw new IllegalArgumentException("the output limit (" + max + ") must be at least the high watermark ("
                    + limits.high() + ")");
        }
        output.setLimits(new ChannelOutput.Limits(limits.low(), limits.high(), max));
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
        output.discard();
        input.discard();
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

    /** asynchat: the channel wants write events while output is queued. */
    @Override
    public boolean writable() {
        return !output.isEmpty();
    }

    @Override
    protected void handleWrite() {
        output.onWritable();
    }

    @Override
    void beforeSettle() throws IOException {
        if (input.hasParked()) {
            input.frameParked();
        }
        output.settle();
    }

    @Override
    void connected() {
        output.connected();
    }

    @Override
    void released() {
        input.release();
        output.discard();
    }
}

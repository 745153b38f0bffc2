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
 * <p>Threads: {@link #push}, {@link #pushWithProducer} and {@link #closeWhenDone()} may be
 * called from any thread; from another thread they are handed to the loop, in order. All
 * other methods belong to the loop's thread.
 */
public abstract class AsyncChat extends Dispatcher implements FrameHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncChat.class);

    /** asynchat's default {@code ac_in_buffer_size} and {@code ac_out_buffer_size}, in bytes. */
    public static final int DEFAULT_BUFFER_SIZE = 4096;

    private final InputFramer framer = new InputFramer(this);
    private final OutputQueue output = new OutputQueue();
    private int inBufferSize = DEFAULT_BUFFER_SIZE;
    private int outBufferSize = DEFAULT_BUFFER_SIZE;
    /** Output was queued this turn and not yet flushed. */
    private boolean flushPending;

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
        framer.setTerminator(terminator);
    }

    /**
     * Returns the current terminator; for a byte count, the bytes still to collect (0 once it
     * has fired).
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
            ByteBuffer view = loop.readView();
            view.limit(n).position(0);
            framer.feed(view);
        } else if (n < 0) {
            endOfInput();
        }
    }

    private void endOfInput() {
        inputEnded = true;
        framer.endOfInput();
        if (isOpen()) {
            handleClose();
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
            if (length > 0 && acceptsOutput("push")) {
                output.append(data, offset, length, outBufferSize, loop.outputPool);
                scheduleFlush();
            }
        } else {
            byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
            handOver(() -> pushNow(ByteBuffer.wrap(copy)));
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
            pushNow(data);
        } else {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(0, data, data.position(), data.remaining());
            handOver(() -> pushNow(copy));
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
            pushProducerNow(producer);
        } else {
            handOver(() -> pushProducerNow(producer));
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

    private boolean acceptsOutput(String what) {
        if (!isOpen() || output.closeQueued()) {
            LOG.debug("{}: {} after {} was dropped", this, what, isOpen() ? "closeWhenDone" : "close");
            return false;
        }
        return true;
    }

    private void pushNow(ByteBuffer data) {
        if (!data.hasRemaining() || !acceptsOutput("push")) {
            return;
        }
        output.append(data, outBufferSize, loop.outputPool);
        scheduleFlush();
    }

    private void pushProducerNow(Producer producer) {
        if (!acceptsOutput("pushWithProducer")) {
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
        if (flushPending) {
            flushPending = false;
            flush();
        }
    }

    private void flush() throws IOException {
        if (state != CONNECTED) {
            return; // still connecting: handleConnect comes first, then the write event flushes
        }
        int result = output.flush((SocketHandle) handle, loop.gather, loop.outputPool);
        lastActivityNanos = loop.turnNanos();
        if (result == OutputQueue.CLOSE_REACHED) {
            output.discard(loop.outputPool);
            handleClose();
        }
    }

    @Override
    void released() {
        framer.stop();
        output.discard(loop.outputPool);
    }
}

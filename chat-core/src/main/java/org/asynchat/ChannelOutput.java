package org.asynchat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.asynchat.internal.Quietly;
import org.asynchat.spi.SocketHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AsyncChat}'s output path, from {@code push} to the socket: pushes from other
 * threads handed to the loop (or dropped when it has closed), the hard limit and the
 * watermarks, one flush per turn (or per write event) as the socket drains, the close and
 * shutdown markers, and what counts as write progress for the idle timeout. The queue itself
 * is the {@link OutputQueue} this extends: one object per channel.
 *
 * <p>This is where a TLS wrap step would sit: in {@link #flush()}, wrapping as the socket
 * drains, never ahead of it. Loop thread only, except the {@code push} family, which hands
 * itself over.
 */
final class ChannelOutput extends OutputQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelOutput.class);

    private final AsyncChat chat;
    /** The size of the chunks output is queued in: asynchat's {@code ac_out_buffer_size}. */
    private int chunkSize = AsyncChat.DEFAULT_BUFFER_SIZE;
    /** Output was queued this turn and not yet flushed. */
    private boolean flushPending;
    /** Watermarks and hard limit; one shared instance unless a channel sets its own. */
    private Limits limits = Limits.DEFAULT;
    /** False between crossing the high watermark and falling back to the low one. */
    private boolean writable = true;
    /** The writability changed and the hook has not run yet (it runs when the turn settles). */
    private boolean writabilityChanged;
    /** Set when a push overflowed: later pushes are dropped and the channel fails when settled. */
    private OutputOverflowException overflow;

    /** Queued-output thresholds, in bytes: writable again at {@code low}, not above {@code high}, failing above {@code max}. */
    record Limits(long low, long high, long max) {
        static final Limits DEFAULT = new Limits(AsyncChat.DEFAULT_LOW_WATERMARK, AsyncChat.DEFAULT_HIGH_WATERMARK,
                AsyncChat.DEFAULT_MAX_QUEUED_OUTPUT);
    }

    ChannelOutput(AsyncChat chat) {
        this.chat = chat;
    }

    int chunkSize() {
        return chunkSize;
    }

    void setChunkSize(int size) {
        chunkSize = size;
    }

    Limits limits() {
        return limits;
    }

    void setLimits(Limits l) {
        limits = l;
    }

    boolean isWritable() {
        return writable;
    }

    // ---------------------------------------------------------------- queueing (any thread)

    void push(byte[] data, int offset, int length) {
        if (chat.loop.inEventLoop()) {
            pushNow(data, offset, length, false);
        } else {
            byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
            handOver(() -> pushNow(copy, 0, copy.length, true), "push");
        }
    }

    void push(ByteBuffer data) {
        if (chat.loop.inEventLoop()) {
            pushNow(data, data.position(), data.remaining(), false);
        } else {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(0, data, data.position(), data.remaining());
            handOver(() -> pushNow(copy, 0, copy.remaining(), true), "push");
        }
    }

    void pushProducer(Producer producer) {
        if (chat.loop.inEventLoop()) {
            pushProducerNow(producer, false);
        } else if (!handOver(() -> pushProducerNow(producer, true), "pushWithProducer")) {
            Quietly.close(producer);
        }
    }

    void closeWhenDoneFromAnyThread() {
        if (chat.loop.inEventLoop()) {
            closeWhenDoneNow();
        } else {
            handOver(this::closeWhenDoneNow, "closeWhenDone");
        }
    }

    /** Shuts the sending side once everything queued before is written; later pushes are dropped. */
    void shutdownWhenDone() {
        if (chat.isOpen() && !closeQueued() && !shutdownQueued()) {
            shutdownOutputWhenDone();
            scheduleFlush();
        }
    }

    private boolean handOver(Runnable action, String what) {
        boolean taken = chat.loop.offer(action);
        if (!taken) {
            LOG.debug("{}: {} handed over after its loop closed was dropped", chat, what);
        }
        return taken;
    }

    /**
     * Whether output may still be queued. On the loop's own call path, output after close is
     * a bug and says so; output handed over from another thread that arrives late, after
     * {@code closeWhenDone}, after a shutdown of output, or after an overflow is dropped.
     */
    private boolean acceptsOutput(String what, boolean handedOver) {
        if (!chat.isOpen()) {
            if (handedOver) {
                LOG.debug("{}: {} handed over after close was dropped", chat, what);
                return false;
            }
            throw new ChannelClosedException(what + " on " + chat + ", which is closed; check isOpen() first"
                    + " (for example, forget channels in handleClose)");
        }
        if (closeQueued() || shutdownQueued() || overflow != null) {
            LOG.debug("{}: {} after {} was dropped", chat, what, overflow != null ? "an output overflow"
                    : closeQueued() ? "closeWhenDone" : "shutdownOutput");
            return false;
        }
        return true;
    }

    /**
     * Queues {@code n} bytes from {@code from} of {@code src}, a {@code byte[]} or a
     * {@code ByteBuffer}: arrays are copied straight in, so a push allocates nothing.
     */
    private void pushNow(Object src, int from, int n, boolean handedOver) {
        assert chat.loop.inEventLoop();
        if (!acceptsOutput("push", handedOver) || n == 0) {
            return;
        }
        long queued = queuedBytes();
        Limits l = limits;
        if (queued + n > l.max()) {
            overflow = new OutputOverflowException(queued, n, l.max());
            chat.loop.channels.markDirty(chat);
            return;
        }
        LoopMemory memory = chat.loop.memory;
        if (src instanceof byte[] array) {
            append(array, from, n, chunkSize, memory.outputPool());
        } else {
            append((ByteBuffer) src, chunkSize, memory.outputPool()); // from and n are its position and remaining
        }
        if (writable && queued + n > l.high()) {
            writable = false;
            writabilityChanged = true;
        }
        scheduleFlush();
    }

    private void pushProducerNow(Producer producer, boolean handedOver) {
        if (!acceptsOutput("pushWithProducer", handedOver)) {
            Quietly.close(producer);
            return;
        }
        addProducer(producer);
        scheduleFlush();
    }

    private void closeWhenDoneNow() {
        if (chat.isOpen() && !closeQueued()) {
            closeWhenDone();
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        if (!flushPending) {
            flushPending = true;
            chat.loop.channels.markDirty(chat);
        }
    }

    // ---------------------------------------------------------------- writing (loop thread)

    /** The socket is writable (a write event). */
    void onWritable() {
        flushPending = false;
        try {
            flush();
        } catch (IOException e) {
            ChannelEvents.fail(chat, e);
        }
    }

    /** The turn settles: fail an overflow, flush what the turn queued, report writability. */
    void settle() throws IOException {
        if (overflow != null) {
            OutputOverflowException e = overflow;
            discard(chat.loop.memory.outputPool());
            ChannelEvents.fail(chat, e);
            return;
        }
        if (flushPending) {
            flushPending = false;
            flush();
        }
        if (writabilityChanged && chat.isOpen()) {
            writabilityChanged = false;
            chat.handleWritabilityChanged();
        }
    }

    /** The connect completed: flush what was pushed while connecting. */
    void connected() {
        if (!isEmpty() && chat.isConnected()) {
            scheduleFlush();
        }
    }

    /** Drops everything queued, closing producers. */
    void discard() {
        discard(chat.loop.memory.outputPool());
    }

    private void flush() throws IOException {
        EventLoop loop = chat.loop;
        assert loop.inEventLoop();
        if (!chat.isConnected()) {
            return; // still connecting: handleConnect comes first, then the write event flushes
        }
        LoopMemory memory = loop.memory;
        long writtenBefore = writtenBytes();
        int result = flush((SocketHandle) chat.handle, memory.gather(), memory.outputPool());
        if (writtenBytes() != writtenBefore) {
            // Only progress counts: a flush into a full socket is not activity, or a peer that
            // stopped reading would never go idle while the channel keeps pushing to it.
            chat.lastActivityNanos = loop.turnNanos();
        }
        if (!writable && queuedBytes() <= limits.low()) {
            writable = true;
            writabilityChanged = true;
            loop.channels.markDirty(chat);
        }
        if (result == CLOSE_REACHED) {
            discard(memory.outputPool());
            chat.handleClose();
        }
    }
}

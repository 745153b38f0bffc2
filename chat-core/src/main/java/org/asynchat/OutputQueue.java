package org.asynchat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import org.asynchat.internal.BufferPool;
import org.asynchat.internal.Quietly;
import org.asynchat.spi.SocketHandle;

/**
 * One channel's queue of output: asynchat's {@code producer_fifo}, made allocation-free.
 *
 * <p>Pushed bytes are copied into pooled direct chunks of the channel's out-buffer size;
 * consecutive small pushes share a chunk (coalescing), and data larger than a chunk is split
 * across several. Producers and the close marker sit between chunks in push order. A flush
 * writes consecutive chunks with one gathering write, pulls a producer only when everything
 * before it is written, hands file regions to the kernel, and goes on until the queue is
 * empty, the socket is full, or the per-flush budget is spent (so one fast peer cannot hold
 * the loop).
 *
 * <p>Confined to the owning event loop's thread. {@link ChannelOutput} adds the channel's
 * policy (limits, watermarks, when to flush) on top of this mechanism.
 */
class OutputQueue {

    /** {@link #flush} result: everything was written. */
    static final int DRAINED = 0;
    /** {@link #flush} result: output remains; wait for the socket to be writable. */
    static final int PENDING = 1;
    /** {@link #flush} result: the close marker was reached; close the channel. */
    static final int CLOSE_REACHED = 2;

    /** The most bytes one flush writes before letting other channels have a turn. */
    static final long FLUSH_BUDGET_BYTES = 1L << 20;

    private static final Object CLOSE = new Object() {
        @Override
        public String toString() {
            return "close-when-done marker";
        }
    };
    private static final Object SHUTDOWN_OUTPUT = new Object() {
        @Override
        public String toString() {
            return "shutdown-output marker";
        }
    };

    private ArrayDeque<Object> entries;
    /** The last entry when it is a chunk with room left, else null. */
    private ByteBuffer tail;
    /** Data a producer at the head gave and that is not yet fully written. */
    private ByteBuffer producerData;
    /** Bytes queued in chunks (producers' data is counted once pulled). */
    private long queuedBytes;
    /** Bytes the socket took since the queue was made, chunks, producers and files alike. */
    private long writtenBytes;
    private boolean closeQueued;
    private boolean shutdownQueued;

    /**
     * Tells whether nothing is queued.
     *
     * @return true if the queue is empty
     */
    boolean isEmpty() {
        return entries == null || entries.isEmpty();
    }

    /**
     * Returns the bytes queued in chunks, plus any pulled producer data not yet written.
     *
     * @return the queued byte count
     */
    long queuedBytes() {
        return queuedBytes + (producerData == null ? 0 : producerData.remaining());
    }

    /**
     * Returns how many bytes the socket has taken from this queue so far: what tells write
     * progress from a flush that found the socket full.
     *
     * @return the bytes written, since the queue was made
     */
    long writtenBytes() {
        return writtenBytes;
    }

    /**
     * Tells whether {@link #closeWhenDone()} was queued.
     *
     * @return true if the close marker is queued
     */
    boolean closeQueued() {
        return closeQueued;
    }

    private ArrayDeque<Object> entries() {
        ArrayDeque<Object> e = entries;
        if (e == null) {
            // Room for two entries: an answer (coalesced pushes share one chunk) and a close
            // marker. Every connection that ever answered keeps this array, idle or not; a
            // channel that queues more grows it once.
            e = entries = new ArrayDeque<>(2);
        }
        return e;
    }

    /**
     * Copies bytes into the queue. The source buffer is not changed.
     *
     * @param src the bytes from position to limit
     * @param chunkSize the channel's out-buffer size
     * @param pool where chunks come from
     */
    void append(ByteBuffer src, int chunkSize, BufferPool pool) {
        copyIn(src, src.position(), src.remaining(), chunkSize, pool);
    }

    /**
     * Copies part of an array into the queue, without wrapping it in a buffer first (a push
     * allocates nothing).
     *
     * @param src the array
     * @param offset the first byte
     * @param length how many bytes
     * @param chunkSize the channel's out-buffer size
     * @param pool where chunks come from
     */
    void append(byte[] src, int offset, int length, int chunkSize, BufferPool pool) {
        copyIn(src, offset, length, chunkSize, pool);
    }

    /** {@code src} is a {@code byte[]} or a {@code ByteBuffer}: one loop for both, no wrapper. */
    private void copyIn(Object src, int from, int left, int chunkSize, BufferPool pool) {
        ByteBuffer t = tail;
        while (left > 0) {
            if (t == null || t.limit() == t.capacity()) {
                t = pool.acquire(chunkSize).limit(0);
                entries().addLast(t);
            }
            int at = t.limit();
            int n = Math.min(left, t.capacity() - at);
            t.limit(at + n);
            if (src instanceof byte[] a) {
                t.put(at, a, from, n);
            } else {
                t.put(at, (ByteBuffer) src, from, n);
            }
            from += n;
            left -= n;
            queuedBytes += n;
        }
        tail = t;
    }

    /**
     * Queues a producer after everything queued so far.
     *
     * @param producer the producer
     */
    void addProducer(Producer producer) {
        entries().addLast(producer);
        tail = null;
    }

    /**
     * Tells whether {@link #shutdownOutputWhenDone()} was queued.
     *
     * @return true if the shutdown marker is queued or was reached
     */
    boolean shutdownQueued() {
        return shutdownQueued;
    }

    /** Queues the shutdown marker: the output side is shut down once everything before it is written. */
    void shutdownOutputWhenDone() {
        entries().addLast(SHUTDOWN_OUTPUT);
        shutdownQueued = true;
        tail = null;
    }

    /** Queues the close marker: the channel closes once everything before it is written. */
    void closeWhenDone() {
        entries().addLast(CLOSE);
        closeQueued = true;
        tail = null;
    }

    /**
     * Writes as much as the socket takes, up to {@link #FLUSH_BUDGET_BYTES}.
     *
     * @param socket where to write
     * @param gather a scratch array for gathering writes (its length bounds one write)
     * @param pool where written chunks go back to
     * @return {@link #DRAINED}, {@link #PENDING} or {@link #CLOSE_REACHED}
     * @throws IOException if writing, or a producer, fails
     */
    int flush(SocketHandle socket, ByteBuffer[] gather, BufferPool pool) throws IOException {
        ArrayDeque<Object> q = entries;
        if (q == null) {
            return DRAINED;
        }
        long budget = FLUSH_BUDGET_BYTES;
        while (!q.isEmpty()) {
            Object head = q.peekFirst();
            if (head instanceof ByteBuffer) {
                int n = 0;
                long requested = 0;
                for (Object e : q) {
                    if (!(e instanceof ByteBuffer) || n == gather.length) {
                        break;
                    }
                    ByteBuffer b = (ByteBuffer) e;
                    gather[n++] = b;
                    requested += b.remaining();
                }
                long written = n == 1 ? socket.write(gather[0]) : socket.write(gather, 0, n);
                for (int i = 0; i < n; i++) {
                    ByteBuffer b = gather[i];
                    gather[i] = null;
                    if (!b.hasRemaining()) {
                        q.pollFirst();
                        if (b == tail) {
                            tail = null;
                        }
                        pool.release(b);
                    }
                }
                queuedBytes -= written;
                writtenBytes += written;
                budget -= written;
                if (written < requested || budget <= 0) {
                    return PENDING; // the socket is full, or this channel has had its turn
                }
            } else if (head == CLOSE) {
                return CLOSE_REACHED;
            } else if (head == SHUTDOWN_OUTPUT) {
                q.pollFirst();
                socket.shutdownOutput();
            } else if (head instanceof Producers.FileRegion region) {
                long left = region.remaining();
                long sent = left == 0 ? 0 : socket.transferFile(region.channel(), region.position(), left);
                region.sent(sent);
                writtenBytes += sent;
                budget -= sent;
                if (region.remaining() == 0) {
                    q.pollFirst();
                    Quietly.close(region);
                } else if (sent == 0 || budget <= 0) {
                    return PENDING;
                }
            } else {
                Producer producer = (Producer) head;
                ByteBuffer data = producerData;
                if (data == null || !data.hasRemaining()) {
                    data = producer.more();
                    if (data == null || !data.hasRemaining()) {
                        producerData = null;
                        q.pollFirst();
                        Quietly.close(producer);
                        continue;
                    }
                    producerData = data;
                }
                int sent = socket.write(data);
                writtenBytes += sent;
                budget -= sent;
                if (data.hasRemaining() || budget <= 0) {
                    return PENDING;
                }
            }
        }
        return DRAINED;
    }

    /**
     * Drops everything queued, the close marker included, closing producers.
     *
     * @param pool where chunks go back to
     */
    void discard(BufferPool pool) {
        ArrayDeque<Object> q = entries;
        if (q == null) {
            return;
        }
        Object e;
        while ((e = q.pollFirst()) != null) {
            if (e instanceof ByteBuffer b) {
                pool.release(b);
            } else if (e != CLOSE && e != SHUTDOWN_OUTPUT) {
                Quietly.close(e);
            }
        }
        tail = null;
        producerData = null;
        queuedBytes = 0;
        closeQueued = false;
        shutdownQueued = false;
        entries = null;
    }
}

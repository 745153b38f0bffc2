package org.asynchat.internal;

import java.nio.ByteBuffer;

/**
 * Direct buffers for queued output, recycled by one event loop so that pushing and writing
 * allocate nothing in the steady state. Confined to the loop's thread. Buffers are kept per
 * capacity (channels usually share one out-buffer size); at most {@code maxPooledBytes} are
 * kept, the rest are left to the garbage collector.
 */
public final class BufferPool {
    private static final int MAX_SIZE_CLASSES = 4;

    private final long maxPooledBytes;
    private final int[] capacities = new int[MAX_SIZE_CLASSES];
    private final ByteBuffer[][] stacks = new ByteBuffer[MAX_SIZE_CLASSES][];
    private final int[] counts = new int[MAX_SIZE_CLASSES];
    private int classes;
    private long pooledBytes;

    /**
     * Creates a pool.
     *
     * @param maxPooledBytes the most bytes of idle buffers to keep
     */
    public BufferPool(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
    }

    /**
     * Returns a cleared direct buffer of exactly {@code capacity} bytes.
     *
     * @param capacity the capacity
     * @return a buffer, recycled when possible
     */
    public ByteBuffer acquire(int capacity) {
        for (int c = 0; c < classes; c++) {
            if (capacities[c] == capacity && counts[c] > 0) {
                ByteBuffer b = stacks[c][--counts[c]];
                stacks[c][counts[c]] = null;
                pooledBytes -= capacity;
                return b.clear();
            }
        }
        return ByteBuffer.allocateDirect(capacity);
    }

    /**
     * Gives a buffer back. The caller must not use it afterwards.
     *
     * @param buffer a buffer from {@link #acquire}
     */
    public void release(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        if (pooledBytes + capacity > maxPooledBytes) {
            return;
        }
        int c = 0;
        while (c < classes && capacities[c] != capacity) {
            c++;
        }
        if (c == classes) {
            if (classes == MAX_SIZE_CLASSES) {
                return;
            }
            capacities[c] = capacity;
            stacks[c] = new ByteBuffer[16];
            classes++;
        }
        if (counts[c] == stacks[c].length) {
            stacks[c] = java.util.Arrays.copyOf(stacks[c], counts[c] * 2);
        }
        stacks[c][counts[c]++] = buffer;
        pooledBytes += capacity;
    }

    /**
     * Returns how many bytes of idle buffers are kept.
     *
     * @return the pooled bytes
     */
    public long pooledBytes() {
        return pooledBytes;
    }
}

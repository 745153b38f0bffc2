package org.asynchat;

import java.nio.ByteBuffer;

import org.asynchat.internal.BufferPool;

/**
 * The memory a loop's channels share, so that an idle connection holds no buffer of its own:
 * one read buffer (direct: sockets read into it), the heap copy of each read that channels
 * frame and the read-only view of it handed to user code, the pool of output chunks, and the
 * scratch array of gathering writes. Used by one channel at a time, on the loop's thread.
 */
final class LoopMemory {

    /** Idle output chunks one loop keeps for reuse, in bytes. */
    private static final long POOLED_OUTPUT_BYTES = 8L << 20;
    /** Buffers per gathering write. */
    private static final int GATHER_BUFFERS = 64;

    private ByteBuffer readBuffer;
    private byte[] readArray;
    private ByteBuffer readView;
    private final BufferPool outputPool = new BufferPool(POOLED_OUTPUT_BYTES);
    private final ByteBuffer[] gather = new ByteBuffer[GATHER_BUFFERS];

    /**
     * The read buffer, at least {@code size} bytes, cleared; grown when a channel asks for
     * more than any before it.
     */
    ByteBuffer readBuffer(int size) {
        ByteBuffer b = readBuffer;
        if (b == null || b.capacity() < size) {
            b = readBuffer = ByteBuffer.allocateDirect(Math.max(size, 4096));
            readArray = new byte[b.capacity()];
            readView = ByteBuffer.wrap(readArray).asReadOnlyBuffer();
        }
        return b.clear();
    }

    /**
     * The heap copy of the read buffer that channels frame: searching an array is faster than
     * searching direct memory through a {@code ByteBuffer} (BENCHMARKS.md, the scanner's heap
     * and direct rows), by more than copying each read once costs.
     */
    byte[] readArray() {
        return readArray;
    }

    /** The read-only view of {@link #readArray()} that channels hand to user code. */
    ByteBuffer readView() {
        return readView;
    }

    /** Where output chunks come from and go back to. */
    BufferPool outputPool() {
        return outputPool;
    }

    /** The scratch array of one gathering write. */
    ByteBuffer[] gather() {
        return gather;
    }
}

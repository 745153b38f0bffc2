package org.asynchat.epoll;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One poller's direct memory for system calls: the addresses of the direct buffers it is
 * handed, a scratch buffer that heap buffers are copied through, and the iovec array of
 * gathering writes. Used only on the thread of the loop that owns the poller.
 *
 * <p>A direct buffer's address is fixed for its life, so it is looked up through JNI once and
 * remembered; the loop reads into one buffer and writes from a small pool of chunks, so a
 * one-entry cache per direction hits almost always and a read or write costs one JNI call.
 * The cache holds the buffer itself, which keeps it (and so its memory) alive while cached.
 */
final class IoMemory {

    /** Bytes copied per call when a heap buffer is read into or written from. */
    static final int SCRATCH_BYTES = 64 * 1024;
    /** Buffers per gathering write: the core hands at most 64 at a time. */
    static final int MAX_IOVECS = Math.min(Native.IOV_MAX, 1024);

    private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES);
    private final long scratchAddress = Native.bufferAddress0(scratch);
    private final ByteBuffer iovecs = ByteBuffer.allocateDirect(MAX_IOVECS * Native.IOVEC_SIZE)
            .order(ByteOrder.nativeOrder());
    private final long iovecsAddress = Native.bufferAddress0(iovecs);

    private ByteBuffer readBuffer;
    private long readAddress;
    private ByteBuffer writeBuffer;
    private long writeAddress;

    /** The address of index 0 of a direct buffer read into. */
    long readAddress(ByteBuffer direct) {
        if (direct != readBuffer) {
            readAddress = Native.bufferAddress0(direct);
            readBuffer = direct;
        }
        return readAddress;
    }

    /** The address of index 0 of a direct buffer written from. */
    long writeAddress(ByteBuffer direct) {
        if (direct != writeBuffer) {
            writeAddress = Native.bufferAddress0(direct);
            writeBuffer = direct;
        }
        return writeAddress;
    }

    /** The scratch buffer heap buffers are copied through; its contents are the caller's. */
    ByteBuffer scratch() {
        return scratch;
    }

    long scratchAddress() {
        return scratchAddress;
    }

    /** Stores iovec {@code i}: {@code length} bytes at {@code address}. */
    void iovec(int i, long address, long length) {
        int at = i * Native.IOVEC_SIZE;
        iovecs.putLong(at + Native.IOVEC_BASE_OFFSET, address);
        iovecs.putLong(at + Native.IOVEC_LENGTH_OFFSET, length);
    }

    long iovecsAddress() {
        return iovecsAddress;
    }
}

package org.asynchat.framing;

import java.nio.ByteBuffer;

import org.asynchat.FrameTooLongException;

/**
 * Receives what an {@link InputFramer} finds: asynchat's two input callbacks.
 * {@code AsyncChat} implements it; a core-only user can implement it directly.
 */
public interface FrameHandler {

    /**
     * Receives a run of data that belongs to the current frame; called zero or more times
     * per frame, never with an empty buffer.
     *
     * <p>The buffer's bytes from its position to its limit are the data. The buffer is lent
     * for the duration of the call only and is reused afterwards: copy out what you keep.
     *
     * @param data the data, read-only where the framer's source is
     */
    void collectIncomingData(ByteBuffer data);

    /**
     * Called when the terminator is reached: the delimiter was seen (and not collected) or
     * the byte count was completed. The handler may set a new terminator here; data after
     * the terminator is framed with whatever terminator is current when this returns.
     */
    void foundTerminator();

    /**
     * Called when a delimiter frame grows past the framer's limit
     * ({@link InputFramer#setMaxFrameLength}). The bytes over the limit are not delivered; if
     * this returns, the framer discards input up to and including the next delimiter (no
     * {@code foundTerminator()} for the discarded frame) and then frames normally again. The
     * default throws the exception, which ends the {@code feed} in progress.
     *
     * @param error what was exceeded
     */
    default void frameTooLong(FrameTooLongException error) {
        throw error;
    }
}

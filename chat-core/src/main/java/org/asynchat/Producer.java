package org.asynchat;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A lazy source of output: asynchat's producer. A channel calls {@link #more()} only when the
 * socket can take more data and everything the producer gave before has been written, so a
 * producer may reuse one buffer for all its answers.
 *
 * <p>If a producer also implements {@link AutoCloseable}, the channel closes it when it is
 * exhausted, discarded, or the channel closes first.
 *
 * @see Producers
 * @see AsyncChat#pushWithProducer(Producer)
 */
@FunctionalInterface
public interface Producer {

    /**
     * Returns the next data to send, from the buffer's position to its limit. The channel
     * owns the buffer until it has been written; then {@code more()} is called again.
     *
     * @return the next data; an empty buffer or {@code null} means the producer is exhausted
     * @throws IOException if the data cannot be produced; the channel's {@code handleError}
     *         receives it
     */
    ByteBuffer more() throws IOException;
}

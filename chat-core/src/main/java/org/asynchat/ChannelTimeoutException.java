package org.asynchat;

/**
 * A channel's request timer ran out before the protocol cancelled it: the peer is too slow
 * (a slowloris-style peer trickling a request).
 *
 * @see Dispatcher#startRequestTimer(java.time.Duration)
 */
public class ChannelTimeoutException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out, after how long
     */
    public ChannelTimeoutException(String message) {
        super(message);
    }
}

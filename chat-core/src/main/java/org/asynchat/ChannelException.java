package org.asynchat;

/**
 * A channel failed for a reason its peer caused or a limit set on it, not because of a bug:
 * a frame too long, too much output queued, a timeout. Such errors reach
 * {@link Dispatcher#handleError}, which by default logs one line (no stack trace, since a
 * hostile peer must not be able to flood the log) and closes the channel.
 */
public class ChannelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, and what to do about it
     */
    public ChannelException(String message) {
        super(message);
    }
}

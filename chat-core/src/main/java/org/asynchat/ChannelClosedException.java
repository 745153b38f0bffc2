package org.asynchat;

/**
 * A channel method that needs an open channel was called after the channel closed, for
 * example a {@code push} on the loop's thread after {@code close()}: a bug in the caller,
 * which should check {@link Dispatcher#isOpen()} (a chat room should drop members in
 * {@code handleClose}). Output handed over from another thread that arrives after the close
 * is dropped quietly instead, since that thread could not have known.
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was called on which closed channel
     */
    public ChannelClosedException(String message) {
        super(message);
    }
}

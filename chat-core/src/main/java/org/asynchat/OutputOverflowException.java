package org.asynchat;

/**
 * A push would have queued more output than the channel's hard limit: the peer reads too
 * slowly, or not at all. The push is dropped and the channel fails, instead of the heap.
 *
 * @see AsyncChat#setMaxQueuedOutput(long)
 */
public class OutputOverflowException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param queued the bytes queued when the push came
     * @param pushed the bytes the push would have added
     * @param limit the hard limit
     */
    public OutputOverflowException(long queued, long pushed, long limit) {
        super("queued output would reach " + (queued + pushed) + " bytes (" + queued + " queued + " + pushed
                + " pushed), over the hard limit of " + limit + " bytes: the peer is not reading. Watch isWritable()"
                + " or handleWritabilityChanged() to stop producing, or raise the limit with setMaxQueuedOutput");
    }
}

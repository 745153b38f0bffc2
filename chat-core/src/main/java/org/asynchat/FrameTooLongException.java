package org.asynchat;

/**
 * More bytes than the frame limit were collected without reaching the delimiter. Raised by
 * the framer before the bytes over the limit are delivered; what was delivered before stays
 * delivered.
 *
 * @see AsyncChat#setMaxFrameLength(long)
 */
public class FrameTooLongException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /** The frame length reached, in bytes (part of the serialized form). */
    private final long length;
    /** The frame limit, in bytes (part of the serialized form). */
    private final long limit;

    /**
     * Creates the exception.
     *
     * @param length the frame length reached, in bytes
     * @param limit the frame limit, in bytes
     * @param terminator the delimiter that was not found
     */
    public FrameTooLongException(long length, long limit, Terminator terminator) {
        super("a frame reached " + length + " bytes without its terminator " + terminator + ", over the limit of "
                + limit + " bytes; raise it with setMaxFrameLength if such frames are legitimate");
        this.length = length;
        this.limit = limit;
    }

    /**
     * Returns the frame length reached.
     *
     * @return the length in bytes
     */
    public long length() {
        return length;
    }

    /**
     * Returns the limit that was exceeded.
     *
     * @return the limit in bytes
     */
    public long limit() {
        return limit;
    }
}

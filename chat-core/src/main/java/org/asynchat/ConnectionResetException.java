package org.asynchat;

import java.io.IOException;

/**
 * The peer reset the connection ({@code ECONNRESET}, or {@code EPIPE} on a write): it is gone
 * and unsent data is lost. Backends throw this type so users can tell a vanished peer from
 * other I/O errors; a channel treats it as the peer closing and calls {@code handleClose()}.
 */
public class ConnectionResetException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the call that failed and the system's description
     * @param cause the underlying error, or null
     */
    public ConnectionResetException(String message, Throwable cause) {
        super(message, cause);
    }
}

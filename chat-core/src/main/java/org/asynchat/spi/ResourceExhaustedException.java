package org.asynchat.spi;

import java.io.IOException;

/**
 * The operating system ran out of a resource a socket needs, typically file descriptors
 * ({@code EMFILE}, {@code ENFILE}). The event loop backs off from accepting instead of
 * spinning, keeps serving existing connections, and logs once.
 */
public class ResourceExhaustedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what ran out, and what to do about it
     * @param cause the underlying error, or null
     */
    public ResourceExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.asynchat;

/**
 * No usable backend could be chosen: none is on the class path, or the one named by
 * {@code asynchat.backend} is unknown or not available here. The message lists every backend
 * found, and why each unavailable one is unavailable.
 */
public class BackendUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was asked for, what was found, and what to do
     */
    public BackendUnavailableException(String message) {
        super(message);
    }
}

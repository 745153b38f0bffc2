package org.asynchat.examples;

/**
 * A bad command line: the message says what was wrong; the launcher prints it with the usage
 * and exits with status 2.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the command line
     */
    public UsageException(String message) {
        super(message);
    }
}

package org.asynchat.examples.http;

/**
 * A request the server refuses: the status to answer with and a one-line reason that the
 * response body carries, so that whoever sent the request learns what to fix.
 */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpError(int status, String reason) {
        super(reason, null, false, false); // control flow, not a bug: no stack trace
        this.status = status;
    }

    int status() {
        return status;
    }
}

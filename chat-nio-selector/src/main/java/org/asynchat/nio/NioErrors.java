package org.asynchat.nio;

import java.io.IOException;

import org.asynchat.ConnectionResetException;
import org.asynchat.spi.ResourceExhaustedException;

/**
 * Gives java.nio's I/O errors the types asynchat promises. java.nio reports a reset peer and
 * a full descriptor table only in the message text, so the text is what is matched.
 */
final class NioErrors {

    private NioErrors() {
    }

    static IOException translate(String call, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Connection reset") || message.contains("Broken pipe")) {
            return new ConnectionResetException(call + ": " + message, e);
        }
        if (message.contains("Too many open files")) {
            return new ResourceExhaustedException(call + ": " + message
                    + " (the process is out of file descriptors)", e);
        }
        return e;
    }
}

package org.asynchat.epoll;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;

import org.asynchat.ConnectionResetException;
import org.asynchat.spi.ResourceExhaustedException;

/**
 * Turns a failed system call's {@code -errno} into the exception type asynchat promises, with
 * a message naming the call and the system's text: {@code "accept4: Too many open files"}.
 * The types follow the JDK's socket code, so users catch the same exceptions on either
 * backend. {@code EAGAIN} and {@code EINTR} never come here: callers treat them as "nothing
 * yet".
 */
final class NativeErrors {

    private NativeErrors() {
    }

    /**
     * Returns the exception for a failed call.
     *
     * @param call the system call, for example {@code "read"}
     * @param result the call's negative result, {@code -errno}
     * @return the exception to throw
     */
    static IOException exception(String call, long result) {
        int errno = (int) -result;
        String message = call + ": " + Native.strerror0(errno);
        if (errno == Native.ECONNRESET || errno == Native.EPIPE) {
            return new ConnectionResetException(message, null);
        }
        if (errno == Native.EMFILE || errno == Native.ENFILE) {
            return new ResourceExhaustedException(message + " (the process or the system is out of file"
                    + " descriptors; raise the limit with ulimit -n, or close idle connections)", null);
        }
        if (errno == Native.ENOBUFS || errno == Native.ENOMEM) {
            return new ResourceExhaustedException(message + " (the kernel is out of socket memory)", null);
        }
        if (errno == Native.ECONNREFUSED || errno == Native.ETIMEDOUT) {
            return new ConnectException(message);
        }
        if (errno == Native.EHOSTUNREACH || errno == Native.ENETUNREACH) {
            return new NoRouteToHostException(message);
        }
        if (errno == Native.EADDRINUSE || errno == Native.EADDRNOTAVAIL || errno == Native.EACCES) {
            return new BindException(message);
        }
        return new IOException(message + " (errno " + errno + ")");
    }
}

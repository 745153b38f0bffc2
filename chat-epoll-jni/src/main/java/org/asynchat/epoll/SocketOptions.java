package org.asynchat.epoll;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;

/**
 * The {@link StandardSocketOptions} this backend supports, as {@code setsockopt} and
 * {@code getsockopt} calls. Values are checked as java.nio checks them, so code that works on
 * the nio backend works here.
 */
final class SocketOptions {

    private SocketOptions() {
    }

    static <T> void set(int fd, SocketOption<T> option, T value) throws IOException {
        boolean linger = option == StandardSocketOptions.SO_LINGER;
        int name = linger ? 0 : name(option); // first: an unsupported option fails as such, whatever its value
        if (value == null) {
            throw new IllegalArgumentException("socket option " + option.name() + " cannot be set to null");
        }
        int r;
        if (linger) {
            int seconds = (Integer) value;
            r = Native.setLinger0(fd, seconds < 0 ? -1 : Math.min(seconds, 65535));
        } else if (option.type() == Boolean.class) {
            r = Native.setIntOption0(fd, level(option), name, (Boolean) value ? 1 : 0);
        } else {
            int size = (Integer) value;
            if (size < 0) {
                throw new IllegalArgumentException("socket option " + option.name()
                        + " needs a buffer size of 0 or more, got " + size);
            }
            r = Native.setIntOption0(fd, level(option), name, size);
        }
        if (r < 0) {
            throw NativeErrors.exception("setsockopt(" + option.name() + ")", r);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T get(int fd, SocketOption<T> option) throws IOException {
        if (option == StandardSocketOptions.SO_LINGER) {
            int r = Native.getLinger0(fd);
            if (r < 0 && r != Native.LINGER_OFF) {
                throw NativeErrors.exception("getsockopt(SO_LINGER)", r);
            }
            return (T) Integer.valueOf(r == Native.LINGER_OFF ? -1 : r);
        }
        int r = Native.getIntOption0(fd, level(option), name(option));
        if (r < 0) {
            throw NativeErrors.exception("getsockopt(" + option.name() + ")", r);
        }
        return (T) (option.type() == Boolean.class ? Boolean.valueOf(r != 0) : Integer.valueOf(r));
    }

    private static int level(SocketOption<?> option) {
        return option == StandardSocketOptions.TCP_NODELAY ? Native.IPPROTO_TCP : Native.SOL_SOCKET;
    }

    private static int name(SocketOption<?> option) {
        if (option == StandardSocketOptions.TCP_NODELAY) {
            return Native.TCP_NODELAY;
        }
        if (option == StandardSocketOptions.SO_REUSEADDR) {
            return Native.SO_REUSEADDR;
        }
        if (option == StandardSocketOptions.SO_REUSEPORT) {
            return Native.SO_REUSEPORT;
        }
        if (option == StandardSocketOptions.SO_KEEPALIVE) {
            return Native.SO_KEEPALIVE;
        }
        if (option == StandardSocketOptions.SO_RCVBUF) {
            return Native.SO_RCVBUF;
        }
        if (option == StandardSocketOptions.SO_SNDBUF) {
            return Native.SO_SNDBUF;
        }
        throw new UnsupportedOperationException("the epoll backend does not support the socket option "
                + option.name() + "; it supports TCP_NODELAY, SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_RCVBUF,"
                + " SO_SNDBUF and SO_LINGER (use the nio backend for others)");
    }
}

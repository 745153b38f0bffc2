package org.asynchat.epoll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The system calls of the epoll backend, as static methods with primitive arguments
 * (descriptors, direct-memory addresses, lengths): Netty's {@code Native}, the JDK's
 * {@code EPoll}.
 *
 * <p>A raw native ends in {@code 0} and returns its result or {@code -errno}; the hot path
 * (reads, writes, polls) calls those directly and decides on the errno without an exception.
 * A wrapper of the same name without the {@code 0} turns a failure into an
 * {@link IOException} naming the call ({@link NativeErrors}). Every constant, size and offset
 * below is read from C when this class initializes, never typed in here; this class is only
 * initialized after {@link NativeLibrary#load()} succeeded.
 *
 * <p>The C struct read from the poll's event buffer (packed on x86-64, 12 bytes):
 * <pre>
 * struct epoll_event {
 *     uint32_t     events;  // EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP ...
 *     epoll_data_t data;    // a union; this backend uses the 64-bit u64
 * };
 * </pre>
 * and the one written for a gathering write:
 * <pre>
 * struct iovec {
 *     void  *iov_base;
 *     size_t iov_len;
 * };
 * </pre>
 */
final class Native {

    static final int EPOLLIN = epollIn0();
    static final int EPOLLOUT = epollOut0();
    static final int EPOLLERR = epollErr0();
    static final int EPOLLHUP = epollHup0();
    static final int EPOLL_CTL_ADD = epollCtlAdd0();
    static final int EPOLL_CTL_MOD = epollCtlMod0();
    static final int EPOLL_CTL_DEL = epollCtlDel0();
    /** {@code sizeof(struct epoll_event)}, bytes. */
    static final int EPOLL_EVENT_SIZE = epollEventSize0();
    /** {@code offsetof(struct epoll_event, events)}, bytes. */
    static final int EPOLL_EVENT_EVENTS_OFFSET = epollEventEventsOffset0();
    /** {@code offsetof(struct epoll_event, data)}, bytes. */
    static final int EPOLL_EVENT_DATA_OFFSET = epollEventDataOffset0();
    /** {@code sizeof(struct iovec)}, bytes. */
    static final int IOVEC_SIZE = iovecSize0();
    static final int IOVEC_BASE_OFFSET = iovecBaseOffset0();
    static final int IOVEC_LENGTH_OFFSET = iovecLengthOffset0();
    /** The most buffers one gathering write takes. */
    static final int IOV_MAX = iovMax0();
    static final int SOMAXCONN = somaxconn0();

    static final int SOL_SOCKET = solSocket0();
    static final int IPPROTO_TCP = ipprotoTcp0();
    static final int SO_REUSEADDR = soReuseAddr0();
    static final int SO_REUSEPORT = soReusePort0();
    static final int SO_KEEPALIVE = soKeepAlive0();
    static final int SO_RCVBUF = soRcvBuf0();
    static final int SO_SNDBUF = soSndBuf0();
    static final int TCP_NODELAY = tcpNoDelay0();

    static final int EAGAIN = eagain0();
    static final int EINTR = eintr0();
    static final int EINPROGRESS = einprogress0();
    static final int ECONNRESET = econnreset0();
    static final int EPIPE = epipe0();
    static final int EMFILE = emfile0();
    static final int ENFILE = enfile0();
    static final int ENOBUFS = enobufs0();
    static final int ENOMEM = enomem0();
    static final int ECONNREFUSED = econnrefused0();
    static final int ETIMEDOUT = etimedout0();
    static final int EHOSTUNREACH = ehostunreach0();
    static final int ENETUNREACH = enetunreach0();
    static final int EADDRINUSE = eaddrinuse0();
    static final int EADDRNOTAVAIL = eaddrnotavail0();
    static final int EACCES = eacces0();
    static final int ENOTCONN = enotconn0();

    /** What {@link #getLinger0} returns when lingering is off. */
    static final int LINGER_OFF = Integer.MIN_VALUE;
    /** Bytes {@link #sockName0} writes: 16 address bytes, the port and the scope id. */
    static final int NAME_LENGTH = 24;

    private Native() {
    }

    // ---------------------------------------------------------------- wrappers (set-up paths)

    static int epollCreate() throws IOException {
        return check("epoll_create1", epollCreate0());
    }

    static void epollCtl(int epfd, int op, int fd, int events, long data) throws IOException {
        check("epoll_ctl", epollCtl0(epfd, op, fd, events, data));
    }

    static int eventFd() throws IOException {
        return check("eventfd", eventFd0());
    }

    static int socket(boolean ipv6) throws IOException {
        return check("socket", socket0(ipv6));
    }

    static void bind(int fd, byte[] address, int scopeId, int port) throws IOException {
        check("bind", bind0(fd, address, scopeId, port));
    }

    static void listen(int fd, int backlog) throws IOException {
        check("listen", listen0(fd, backlog));
    }

    static void shutdownOutput(int fd) throws IOException {
        check("shutdown", shutdownOutput0(fd));
    }

    /** Closes a descriptor; EINTR is success on Linux (the descriptor is released anyway). */
    static void close(int fd) throws IOException {
        int r = close0(fd);
        if (r < 0 && r != -EINTR) {
            throw NativeErrors.exception("close", r);
        }
    }

    private static int check(String call, int result) throws IOException {
        if (result < 0) {
            throw NativeErrors.exception(call, result);
        }
        return result;
    }

    // ---------------------------------------------------------------- constants

    private static native int epollIn0();
    private static native int epollOut0();
    private static native int epollErr0();
    private static native int epollHup0();
    private static native int epollCtlAdd0();
    private static native int epollCtlMod0();
    private static native int epollCtlDel0();
    private static native int epollEventSize0();
    private static native int epollEventEventsOffset0();
    private static native int epollEventDataOffset0();
    private static native int iovecSize0();
    private static native int iovecBaseOffset0();
    private static native int iovecLengthOffset0();
    private static native int iovMax0();
    private static native int somaxconn0();
    private static native int solSocket0();
    private static native int ipprotoTcp0();
    private static native int soReuseAddr0();
    private static native int soReusePort0();
    private static native int soKeepAlive0();
    private static native int soRcvBuf0();
    private static native int soSndBuf0();
    private static native int tcpNoDelay0();
    private static native int eagain0();
    private static native int eintr0();
    private static native int einprogress0();
    private static native int econnreset0();
    private static native int epipe0();
    private static native int emfile0();
    private static native int enfile0();
    private static native int enobufs0();
    private static native int enomem0();
    private static native int econnrefused0();
    private static native int etimedout0();
    private static native int ehostunreach0();
    private static native int enetunreach0();
    private static native int eaddrinuse0();
    private static native int eaddrnotavail0();
    private static native int eacces0();
    private static native int enotconn0();

    // ---------------------------------------------------------------- system calls (-errno)

    static native int epollCreate0();

    static native int epollCtl0(int epfd, int op, int fd, int events, long data);

    /** Waits for events into {@code maxEvents} epoll_event structs at {@code eventsAddress}. */
    static native int epollWait0(int epfd, long eventsAddress, int maxEvents, int timeoutMillis);

    static native int eventFd0();

    /** Adds 1 to an eventfd's counter, making it readable. */
    static native int eventFdWrite0(int fd);

    /** Reads (and so resets) an eventfd's counter. */
    static native int eventFdDrain0(int fd);

    /** A non-blocking, close-on-exec TCP socket. */
    static native int socket0(boolean ipv6);

    /** {@code address} is 4 bytes (IPv4) or 16 (IPv6), matching the socket's family. */
    static native int bind0(int fd, byte[] address, int scopeId, int port);

    static native int listen0(int fd, int backlog);

    /** accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC: the new descriptor, or -errno. */
    static native int accept0(int fd);

    /** 0 when connected at once, -EINPROGRESS while connecting, other -errno on failure. */
    static native int connect0(int fd, byte[] address, int scopeId, int port);

    /** 1 when connected, 0 while still connecting, -errno (SO_ERROR) when the connect failed. */
    static native int finishConnect0(int fd);

    /** Bytes read, 0 at end of stream, or -errno. */
    static native int read0(int fd, long address, int length);

    /** Bytes written (send with MSG_NOSIGNAL), or -errno. */
    static native int write0(int fd, long address, int length);

    /** Gathering write of {@code count} iovec structs at {@code iovAddress}: bytes, or -errno. */
    static native long writev0(int fd, long iovAddress, int count);

    /** Bytes sent from file {@code in} at {@code position} to socket {@code out}, or -errno. */
    static native long sendfile0(int out, int in, long position, long count);

    static native int shutdownOutput0(int fd);

    static native int close0(int fd);

    static native int setIntOption0(int fd, int level, int name, int value);

    /** The option's value (0 or more), or -errno. */
    static native int getIntOption0(int fd, int level, int name);

    /** Lingers on close for {@code seconds}; a negative value turns lingering off. */
    static native int setLinger0(int fd, int seconds);

    /** The linger time in seconds, {@link #LINGER_OFF}, or -errno. */
    static native int getLinger0(int fd);

    /**
     * Fills {@code out} ({@link #NAME_LENGTH} bytes: address, big-endian port at 16, scope id
     * at 20) with the local or peer address; returns the address length (4 or 16) or -errno.
     */
    static native int sockName0(int fd, boolean peer, byte[] out);

    /** The system's text for an errno. Allocates: error paths only. */
    static native String strerror0(int errno);

    /** The address of a direct buffer's memory (its index 0), or 0 for a heap buffer. */
    static native long bufferAddress0(ByteBuffer buffer);

    /** The descriptor of a JDK file channel, or -1 if it cannot be read (see the C file). */
    static native int fileDescriptor0(FileChannel channel);
}

package org.asynchat.epoll;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import org.asynchat.spi.Handle;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.PollTimeout;
import org.asynchat.spi.Poller;
import org.asynchat.spi.ReadyHandler;
import org.asynchat.spi.SocketHandle;

/**
 * One {@code epoll} instance, level-triggered, with an {@code eventfd} for wake-ups.
 *
 * <p>Each registered handle is found again from its event through a table indexed by file
 * descriptor. The event's 64-bit data carries the descriptor and a generation number given at
 * registration; an event whose data no longer matches the handle in the table (its socket was
 * closed by an earlier callback of the same poll, and the number reused) is dropped. Handles
 * without interest are taken out of the epoll set ({@code EPOLL_CTL_DEL}), as the JDK's
 * selector does, because epoll reports errors and hang-ups even for an empty interest set and
 * level-triggered reporting would then repeat them every poll.
 *
 * <p>Polling reads the kernel's events from a direct buffer with absolute gets: nothing is
 * allocated per poll or per event. Everything but {@link #wakeup()} runs on the owning loop's
 * thread.
 */
final class EpollPoller implements Poller {

    /** Events fetched per epoll_wait; more ready handles wait for the next poll. */
    private static final int MAX_EVENTS = 1024;

    private final int epfd;
    private final int wakeFd;
    /** The data of the wake-up eventfd's events: its fd with generation 0, which no handle has. */
    private final long wakeToken;
    private final ByteBuffer events;
    private final long eventsAddress;
    /** Direct memory for the I/O of the handles this poller owns. */
    final IoMemory memory = new IoMemory();

    /** Registered handles by file descriptor. */
    private EpollHandle[] byFd = new EpollHandle[256];
    /** The last registration generation given; a handle's token carries it in its high half. */
    private int generation;

    /** Set by the first wake-up since the last drain; merges repeated wake-ups into one write. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Guards the eventfd against a wake-up writing to it after close (and to a reused number). */
    private final Object wakeLock = new Object();
    private boolean closed;

    EpollPoller() throws IOException {
        epfd = Native.epollCreate();
        int efd = -1;
        try {
            efd = Native.eventFd();
            wakeToken = efd & 0xffffffffL;
            Native.epollCtl(epfd, Native.EPOLL_CTL_ADD, efd, Native.EPOLLIN, wakeToken);
        } catch (IOException | RuntimeException e) {
            if (efd >= 0) {
                closeQuietly(efd);
            }
            closeQuietly(epfd);
            throw e;
        }
        wakeFd = efd;
        events = ByteBuffer.allocateDirect(MAX_EVENTS * Native.EPOLL_EVENT_SIZE).order(ByteOrder.nativeOrder());
        eventsAddress = Native.bufferAddress0(events);
    }

    @Override
    public ListenerHandle openListener(ProtocolFamily family) throws IOException {
        return new EpollListenerHandle(Native.socket(isIpv6(family)), isIpv6(family), this);
    }

    @Override
    public SocketHandle openSocket(ProtocolFamily family) throws IOException {
        return new EpollSocketHandle(Native.socket(isIpv6(family)), isIpv6(family), this, false);
    }

    private static boolean isIpv6(ProtocolFamily family) {
        if (family == StandardProtocolFamily.INET6) {
            return true;
        }
        if (family == StandardProtocolFamily.INET) {
            return false;
        }
        throw new UnsupportedOperationException("the epoll backend opens INET and INET6 sockets, not " + family);
    }

    // ---------------------------------------------------------------- registration

    @Override
    public void register(Handle handle, int interest, Object attachment) throws IOException {
        if (!(handle instanceof EpollHandle h)) {
            throw new IllegalArgumentException("the epoll poller cannot register " + handle
                    + ", which comes from another backend");
        }
        h.ensureOpen();
        if (h.token != 0) {
            throw new IllegalStateException(h + " is already registered; a handle is registered once");
        }
        int fd = h.fd;
        if (fd >= byFd.length) {
            byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
        }
        if (++generation == 0) {
            generation = 1; // 0 marks the wake-up eventfd
        }
        h.token = (long) generation << 32 | (fd & 0xffffffffL);
        h.poller = this;
        h.attachment = attachment;
        byFd[fd] = h;
        try {
            changeInterest(h, interest);
        } catch (IOException | RuntimeException e) {
            forget(h);
            h.token = 0;
            throw e;
        }
    }

    /** Brings the epoll set up to date with a handle's interest; the call the handle makes. */
    void changeInterest(EpollHandle h, int ops) throws IOException {
        int old = h.interestOps;
        if (ops == old) {
            return;
        }
        int op = old == 0 ? Native.EPOLL_CTL_ADD : ops == 0 ? Native.EPOLL_CTL_DEL : Native.EPOLL_CTL_MOD;
        Native.epollCtl(epfd, op, h.fd, epollEvents(ops), h.token);
        h.interestOps = ops;
    }

    private static int epollEvents(int ops) {
        return ((ops & READ) != 0 ? Native.EPOLLIN : 0) | ((ops & WRITE) != 0 ? Native.EPOLLOUT : 0);
    }

    /** Removes a closing handle from the table; the kernel drops it from the epoll set on close. */
    void forget(EpollHandle h) {
        if (h.fd < byFd.length && byFd[h.fd] == h) {
            byFd[h.fd] = null;
        }
        h.interestOps = 0;
    }

    // ---------------------------------------------------------------- polling

    @Override
    public int poll(long timeoutNanos, ReadyHandler handler) throws IOException {
        int n = Native.epollWait0(epfd, eventsAddress, MAX_EVENTS, PollTimeout.toMillis(timeoutNanos));
        if (n < 0) {
            if (n == -Native.EINTR) {
                return 0; // a signal: the loop turns and polls again with a fresh timeout
            }
            throw NativeErrors.exception("epoll_wait", n);
        }
        final ByteBuffer ev = events;
        final int size = Native.EPOLL_EVENT_SIZE;
        final int eventsAt = Native.EPOLL_EVENT_EVENTS_OFFSET;
        final int dataAt = Native.EPOLL_EVENT_DATA_OFFSET;
        int reported = 0;
        for (int i = 0, at = 0; i < n; i++, at += size) {
            long data = ev.getLong(at + dataAt);
            if (data == wakeToken) {
                drainWakeup();
                continue;
            }
            int fd = (int) data;
            EpollHandle[] table = byFd; // re-read: a callback may have grown it
            EpollHandle h = fd < table.length ? table[fd] : null;
            if (h == null || h.token != data) {
                continue; // closed during this poll
            }
            int ops = readyOps(ev.getInt(at + eventsAt)) & h.interestOps;
            if (ops != 0) {
                handler.ready(h.attachment, ops);
                reported++;
            }
        }
        return reported;
    }

    /** epoll's events as READ/WRITE; errors and hang-ups as both, so the next call reports them. */
    private static int readyOps(int e) {
        int failed = e & (Native.EPOLLERR | Native.EPOLLHUP);
        return ((e & Native.EPOLLIN) != 0 || failed != 0 ? READ : 0)
                | ((e & Native.EPOLLOUT) != 0 || failed != 0 ? WRITE : 0);
    }

    // ---------------------------------------------------------------- wake-ups

    @Override
    public void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            synchronized (wakeLock) {
                if (!closed) {
                    Native.eventFdWrite0(wakeFd); // cannot fail short of a counter at 2^64 - 2
                }
            }
        }
    }

    /** Resets the eventfd, then lets the next wake-up write again (the JDK's order). */
    private void drainWakeup() {
        Native.eventFdDrain0(wakeFd);
        wakeupPending.set(false);
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() throws IOException {
        synchronized (wakeLock) {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(wakeFd);
        }
        Native.close(epfd);
    }

    private static void closeQuietly(int fd) {
        Native.close0(fd);
    }

    @Override
    public String toString() {
        return "EpollPoller[epoll fd " + epfd + "]";
    }
}

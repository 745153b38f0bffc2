package org.asynchat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.asynchat.internal.ScheduledTask;
import org.asynchat.spi.Handle;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.Poller;
import org.asynchat.spi.ResourceExhaustedException;
import org.asynchat.spi.SocketHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket channel on an {@link EventLoop}: asyncore's {@code dispatcher}. Subclass it for a
 * listening server (override {@link #handleAccepted}) or for raw reads and writes; subclass
 * {@link AsyncChat} for framed protocols.
 *
 * <p>A listening server:
 * <pre>{@code
 * class EchoServer extends Dispatcher {
 *     EchoServer(EventLoop loop, int port) throws IOException {
 *         super(loop);
 *         bind(new InetSocketAddress(port));
 *         listen(128);
 *     }
 *     protected void handleAccepted(AcceptedConnection connection) {
 *         new EchoHandler(connection);
 *     }
 * }
 * }</pre>
 *
 * <p>Callbacks ({@code handle*}, {@link #readable()}, {@link #writable()}) run on the loop's
 * thread, never concurrently. Methods may only be called on that thread (see
 * {@link EventLoop}); others throw {@link IllegalStateException} saying so.
 *
 * <p>Differences from asyncore, on purpose: {@link #writable()} is false by default (asyncore
 * says true and so spins on every writable socket); an exception thrown by a callback reaches
 * {@link #handleError} and never stops the loop; a listener that runs out of file descriptors
 * backs off instead of spinning; and channels may have an idle timeout.
 */
public abstract class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Accepts per readiness event, so that a flood of connections cannot hold the loop. */
    private static final int ACCEPTS_PER_EVENT = 64;
    private static final long ACCEPT_BACKOFF_MIN_NANOS = 10_000_000L;
    private static final long ACCEPT_BACKOFF_MAX_NANOS = 1_000_000_000L;

    private static final ClassValue<Boolean> OVERRIDES_INTEREST = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return isUserDeclared(type.getMethod("readable")) || isUserDeclared(type.getMethod("writable"));
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }

        private boolean isUserDeclared(java.lang.reflect.Method m) {
            Class<?> c = m.getDeclaringClass();
            return c != Dispatcher.class && c != AsyncChat.class;
        }
    };

    static final int NEW = 0;
    static final int LISTENING = 1;
    static final int CONNECTING = 2;
    static final int CONNECTED = 3;
    static final int CLOSED = 4;

    final EventLoop loop;
    Handle handle;
    int state = NEW;
    /** Set once end of stream was read: no more read interest. */
    boolean inputEnded;
    /** Interest currently set with the poller; -1 when not registered yet. */
    private int interest = -1;
    /** Index in the loop's channel registry, or -1. */
    int registryIndex = -1;
    /** Whether the loop has this channel in its list of channels to settle. */
    boolean dirty;

    private SocketAddress boundAddress;
    private List<PendingOption<?>> pendingOptions;

    /** The idle timer, which also holds the idle timeout; null until one is set. */
    /** {@link System#nanoTime()} of the last read or write progress. */
    long lastActivityNanos;
    private TimeoutTask idleTimer;

    /** Reading stopped by {@link #pauseReading()}. */
    boolean readPaused;
    private TimeoutTask requestTimer;

    /** A listener's accept back-off; null until accepting first fails (listeners only). */
    private AcceptBackoff acceptBackoff;

    /** A timer that remembers its timeout, so that channels carry one field per timer. */
    private static final class TimeoutTask extends ScheduledTask {
        /** The timeout, in nanoseconds; 0 when off. */
        long nanos;

        TimeoutTask(Runnable action) {
            super(action);
        }
    }

    /** A listener's state while accepting fails for want of resources. */
    private static final class AcceptBackoff {
        boolean paused;
        /** The current back-off, in nanoseconds; doubles while failures go on. */
        long nanos;
        boolean logged;
    }

    private record PendingOption<T>(SocketOption<T> option, T value) {
        void applyTo(Handle h) throws IOException {
            h.setOption(option, value);
        }
    }

    /**
     * Creates a channel without a socket; call {@link #bind} and {@link #listen}, or
     * {@link #connect}, next.
     *
     * @param loop the loop the channel belongs to
     */
    protected Dispatcher(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
        if (!loop.inEventLoop()) { // the message is built only on failure: a constructor runs per accept
            loop.checkInEventLoop(getClass().getName(), "new " + getClass().getSimpleName() + "(loop)");
        }
    }

    /**
     * Creates a channel for an accepted connection, registered with the connection's loop.
     *
     * @param connection the connection given to {@link #handleAccepted}
     * @throws IllegalStateException if the connection was already adopted
     */
    protected Dispatcher(AcceptedConnection connection) {
        Objects.requireNonNull(connection, "connection");
        this.loop = connection.loop();
        if (!loop.inEventLoop()) { // the message is built only on failure: this runs per accept
            loop.checkInEventLoop(getClass().getName(), "new " + getClass().getSimpleName() + "(connection)");
        }
        this.handle = connection.adopt();
        this.state = CONNECTED;
        this.lastActivityNanos = loop.turnNanos();
        loop.attach(this);
    }

    /**
     * Returns the loop this channel belongs to.
     *
     * @return the event loop
     */
    public final EventLoop loop() {
        return loop;
    }

    final boolean isPolled() {
        return OVERRIDES_INTEREST.get(getClass());
    }

    // ---------------------------------------------------------------- socket set-up

    /**
     * Sets a socket option, now if the socket exists, else when {@link #listen} or
     * {@link #connect} creates it. {@code SO_REUSEADDR} is on by default for listeners.
     *
     * @param <T> the option's value type
     * @param option an option from {@link StandardSocketOptions}
     * @param value its value
     * @throws IOException if the socket refuses the option
     */
    public final <T> void setOption(SocketOption<T> option, T value) throws IOException {
        checkLoop("setOption");
        Objects.requireNonNull(option, "option");
        if (handle != null) {
            handle.setOption(option, value);
        } else {
            if (pendingOptions == null) {
                pendingOptions = new ArrayList<>(4);
            }
            pendingOptions.add(new PendingOption<>(option, value));
        }
    }

    /**
     * Reads a socket option.
     *
     * @param <T> the option's value type
     * @param option the option
     * @return its value
     * @throws IOException if the option cannot be read
     * @throws IllegalStateException if there is no socket yet
     */
    public final <T> T getOption(SocketOption<T> option) throws IOException {
        checkLoop("getOption");
        if (handle == null) {
            throw new IllegalStateException(this + " has no socket yet; call listen() or connect() first");
        }
        return handle.getOption(option);
    }

    /**
     * Sets the address {@link #listen} binds to. asyncore binds at once; the socket is
     * created by {@code listen}, so an address in use is reported there.
     *
     * @param local the address, for example {@code new InetSocketAddress("127.0.0.1", 0)}
     */
    public final void bind(SocketAddress local) {
        checkLoop("bind");
        checkState(NEW, "bind");
        this.boundAddress = Objects.requireNonNull(local, "local");
    }

    /**
     * Binds (to the {@link #bind} address, or any address and a free port) and starts
     * listening; {@link #handleAccepted} then receives each connection.
     *
     * @param backlog the accept queue length; 0 or less for the system default
     * @throws IOException if the socket cannot be created or bound (for example, the address
     *         is in use)
     */
    public final void listen(int backlog) throws IOException {
        checkLoop("listen");
        checkState(NEW, "listen");
        SocketAddress local = boundAddress != null ? boundAddress : new InetSocketAddress(0);
        InetSocketAddress isa = resolve(local, "listen on");
        ListenerHandle listener = loop.poller().openListener(familyOf(isa.getAddress()));
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            applyPendingOptions(listener);
            listener.bind(isa, backlog);
        } catch (IOException | RuntimeException e) {
            closeQuietly(listener);
            throw new IOException("cannot listen on " + describe(isa) + ": " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("in use")
                            ? " (another process holds the port; choose another, or port 0 for any free one)" : ""),
                    e);
        }
        this.handle = listener;
        this.state = LISTENING;
        loop.attach(this);
    }

    /**
     * Starts connecting; {@link #handleConnect()} runs once when connected. A refused or
     * failed connect reaches {@link #handleError} (and by default {@link #handleClose()}).
     * {@code TCP_NODELAY} is on unless set otherwise with {@link #setOption} before this, as
     * it is on accepted connections: output is coalesced per loop turn already.
     *
     * @param remote the address; an unresolved host name is resolved here, blocking
     * @throws IOException if the connect fails at once
     */
    public final void connect(SocketAddress remote) throws IOException {
        checkLoop("connect");
        checkState(NEW, "connect");
        InetSocketAddress isa = resolve(remote, "connect to");
        SocketHandle socket = loop.poller().openSocket(familyOf(isa.getAddress()));
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            applyPendingOptions(socket);
            socket.connect(isa);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IOException("cannot connect to " + describe(isa) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
        this.handle = socket;
        this.state = CONNECTING;
        this.lastActivityNanos = loop.turnNanos();
        loop.attach(this);
    }

    private void applyPendingOptions(Handle h) throws IOException {
        if (pendingOptions != null) {
            for (PendingOption<?> o : pendingOptions) {
                o.applyTo(h);
            }
            pendingOptions = null;
        }
    }

    private static InetSocketAddress resolve(SocketAddress address, String what) {
        if (!(address instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("cannot " + what + " " + address
                    + ": only InetSocketAddress (IPv4 or IPv6 and a port) is supported");
        }
        if (isa.isUnresolved()) {
            isa = new InetSocketAddress(isa.getHostString(), isa.getPort());
            if (isa.isUnresolved()) {
                UnresolvedAddressException e = new UnresolvedAddressException();
                e.initCause(new IOException("cannot " + what + " " + isa.getHostString()
                        + ": the host name does not resolve"));
                throw e;
            }
        }
        return isa;
    }

    private static StandardProtocolFamily familyOf(InetAddress address) {
        return address instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static String describe(InetSocketAddress isa) {
        return isa.getHostString() + ":" + isa.getPort();
    }

    // ---------------------------------------------------------------- I/O

    /**
     * Reads from the socket into a buffer: asyncore's {@code recv}. At end of stream calls
     * {@link #handlePeerShutdown()} (by default {@link #handleClose()}, as asyncore does) and
     * returns -1; when the peer reset the connection, the same.
     *
     * @param dst where to read, from its position to its limit
     * @return the bytes read, 0 if none were available, -1 at end of stream
     * @throws IOException if reading fails otherwise
     */
    public final int recv(ByteBuffer dst) throws IOException {
        checkLoop("recv");
        SocketHandle socket = connectedSocket("recv");
        int n;
        try {
            n = socket.read(dst);
        } catch (ConnectionResetException e) {
            n = -1;
        }
        if (n > 0) {
            lastActivityNanos = loop.turnNanos();
        } else if (n < 0) {
            inputEnded = true;
            handlePeerShutdown();
        }
        return n;
    }

    /**
     * Writes from a buffer to the socket: asyncore's {@code send}. When the peer reset the
     * connection, calls {@link #handleClose()} and returns 0.
     *
     * @param src what to write, from its position to its limit; the position advances
     * @return the bytes written, 0 if the socket cannot take any now
     * @throws IOException if writing fails otherwise
     */
    public final int send(ByteBuffer src) throws IOException {
        checkLoop("send");
        SocketHandle socket = connectedSocket("send");
        try {
            int n = socket.write(src);
            if (n > 0) {
                lastActivityNanos = loop.turnNanos();
            }
            return n;
        } catch (ConnectionResetException e) {
            handleClose();
            return 0;
        }
    }

    final SocketHandle connectedSocket(String method) {
        if (state != CONNECTED) {
            throw new IllegalStateException(method + " needs a connected channel, but " + this + " is "
                    + stateName());
        }
        return (SocketHandle) handle;
    }

    /**
     * Shuts down the sending side of the connection: the peer reads end of stream. Reading
     * goes on.
     *
     * @throws IOException if the shutdown fails
     */
    public void shutdownOutput() throws IOException {
        checkLoop("shutdownOutput");
        connectedSocket("shutdownOutput").shutdownOutput();
    }

    /**
     * Closes the channel: the socket is closed and the channel leaves its loop. Idempotent.
     * asyncore's {@code close}: it does not call {@link #handleClose()}.
     */
    public void close() {
        checkLoop("close");
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        loop.detach(this);
        if (idleTimer != null) {
            loop.disarm(idleTimer);
        }
        if (requestTimer != null) {
            loop.disarm(requestTimer);
        }
        if (handle != null) {
            closeQuietly(handle);
        }
        released();
    }

    /** Called once by {@link #close()} after the socket is closed, to release resources. */
    void released() {
    }

    private static void closeQuietly(Handle h) {
        try {
            h.close();
        } catch (IOException e) {
            LOG.debug("closing a socket failed", e);
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Tells whether the channel is open (it may still be listening or connecting).
     *
     * @return false once closed
     */
    public final boolean isOpen() {
        return state != CLOSED;
    }

    /**
     * Tells whether the channel is connected.
     *
     * @return true between the connect (or accept) and the close
     */
    public final boolean isConnected() {
        return state == CONNECTED;
    }

    /**
     * Tells whether the channel is listening.
     *
     * @return true between {@link #listen} and the close
     */
    public final boolean isListening() {
        return state == LISTENING;
    }

    /**
     * Returns the local address.
     *
     * @return the local address, or {@code null} if there is no socket
     */
    public final InetSocketAddress localAddress() {
        try {
            return handle == null || state == CLOSED ? null : handle.localAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Returns the peer's address.
     *
     * @return the remote address, or {@code null} if not connected
     */
    public final InetSocketAddress remoteAddress() {
        try {
            return handle instanceof SocketHandle s && state != CLOSED ? s.remoteAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Stops reading: read interest is removed, so unread input stays in the kernel and TCP
     * pushes back on the peer. In an {@code AsyncChat} callback it takes effect at once: the
     * rest of the data already read is kept and framed after {@link #resumeReading()}.
     */
    public void pauseReading() {
        checkLoop("pauseReading");
        readPaused = true;
        loop.markDirty(this);
    }

    /** Resumes reading after {@link #pauseReading()}. */
    public void resumeReading() {
        checkLoop("resumeReading");
        readPaused = false;
        loop.markDirty(this);
    }

    /**
     * Tells whether {@link #pauseReading()} is in effect.
     *
     * @return true while reading is paused
     */
    public final boolean isReadingPaused() {
        return readPaused;
    }

    /**
     * Starts (or restarts) the request timer: unless {@link #cancelRequestTimer()} is called
     * first, {@link #handleRequestTimeout()} runs after {@code timeout}. Unlike the idle
     * timeout, activity does not extend it, which is what stops a peer that trickles a request
     * a byte at a time (slowloris). A protocol starts it at the first byte of a request and
     * cancels it when the request is complete.
     *
     * @param timeout the time the peer has to complete the request
     */
    public final void startRequestTimer(Duration timeout) {
        checkLoop("startRequestTimer");
        if (state == CLOSED) {
            return;
        }
        if (requestTimer == null) {
            requestTimer = new TimeoutTask(this::requestTimedOut);
        }
        requestTimer.nanos = Math.max(0, timeout.toNanos());
        loop.arm(requestTimer, System.nanoTime() + requestTimer.nanos);
    }

    /** Cancels the request timer, if running. */
    public final void cancelRequestTimer() {
        checkLoop("cancelRequestTimer");
        if (requestTimer != null) {
            loop.disarm(requestTimer);
        }
    }

    private void requestTimedOut() {
        if (state == CLOSED) {
            return;
        }
        try {
            handleRequestTimeout();
        } catch (Throwable t) {
            fail(t);
        }
        loop.markDirty(this);
    }

    /**
     * Closes the channel (through {@link #handleIdleTimeout()}) when nothing was read or
     * written for this long. Written means the socket took bytes: output queued for a peer
     * that stopped reading does not keep the channel alive. Zero or negative turns it off.
     *
     * @param timeout the idle time allowed
     */
    public final void setIdleTimeout(Duration timeout) {
        checkLoop("setIdleTimeout");
        long nanos = Math.max(0, timeout.toNanos());
        if (nanos == 0) {
            if (idleTimer != null) {
                idleTimer.nanos = 0;
                loop.disarm(idleTimer);
            }
            return;
        }
        if (idleTimer == null) {
            idleTimer = new TimeoutTask(this::idleCheck);
        }
        idleTimer.nanos = nanos;
        lastActivityNanos = System.nanoTime();
        loop.arm(idleTimer, lastActivityNanos + nanos);
    }

    private void idleCheck() {
        long timeout = idleTimer.nanos;
        if (state == CLOSED || timeout == 0) {
            return;
        }
        long idle = System.nanoTime() - lastActivityNanos;
        if (idle >= timeout) {
            try {
                handleIdleTimeout();
            } catch (Throwable t) {
                fail(t);
            }
            if (state != CLOSED && idleTimer.nanos > 0 && !idleTimer.isQueued()) {
                loop.arm(idleTimer, System.nanoTime() + idleTimer.nanos);
            }
        } else {
            loop.arm(idleTimer, lastActivityNanos + timeout);
        }
        loop.markDirty(this);
    }

    // ---------------------------------------------------------------- callbacks

    /**
     * Asked whether the channel wants to read (or accept). Override to stop reading: the loop
     * then asks every turn, as asyncore does, until it returns true again.
     *
     * @return true by default
     */
    public boolean readable() {
        return true;
    }

    /**
     * Asked whether the channel wants to write. Override to receive {@link #handleWrite()};
     * the loop then asks every turn.
     *
     * @return false by default (unlike asyncore)
     */
    public boolean writable() {
        return false;
    }

    /** The socket has data to read (or end of stream): call {@link #recv}. */
    protected void handleRead() {
        LOG.warn("{}: unhandled read event; override handleRead()", this);
    }

    /** The socket can take data: call {@link #send}. */
    protected void handleWrite() {
        LOG.warn("{}: unhandled write event; override handleWrite()", this);
    }

    /** The connect started by {@link #connect} completed. Called once. */
    protected void handleConnect() {
        LOG.debug("{}: connected", this);
    }

    /**
     * A listener accepted a connection. Adopt it by passing it to a channel's constructor;
     * otherwise it is closed when this returns. The default refuses it, with a warning.
     *
     * @param connection the accepted connection
     */
    protected void handleAccepted(AcceptedConnection connection) {
        LOG.warn("{}: unhandled accepted connection from {}; override handleAccepted()", this,
                connection.remoteAddress());
        connection.close();
    }

    /**
     * The peer closed the connection (or reset it), or the channel is to close after an
     * error. The default closes the channel.
     */
    protected void handleClose() {
        close();
    }

    /**
     * A callback of this channel threw, or its I/O failed. The default logs the channel and
     * the exception, then calls {@link #handleClose()}. The loop and the other channels go on
     * whatever this does.
     *
     * <p>What the peer or the network caused (a {@link ChannelException}, or an
     * {@link IOException} such as a refused connect) is logged as one WARN line without a
     * stack trace, so that no peer can flood the log; anything else is a bug in a callback and
     * is logged at ERROR with its stack trace.
     *
     * @param error what was thrown
     */
    protected void handleError(Throwable error) {
        if (error instanceof ChannelException) {
            // Caused by the peer or a limit: one line, no stack trace, nothing a peer can flood.
            LOG.warn("{}: {}; closing the channel", this, error.getMessage());
        } else if (error instanceof IOException) {
            // The network's doing (refused, unreachable, timed out): its type and text say it
            // all. Passed as text: SLF4J takes a trailing Throwable for a stack trace.
            LOG.warn("{}: {}; closing the channel", this, error.toString());
        } else {
            LOG.error("{}: uncaught exception, closing the channel", this, error);
        }
        handleClose();
    }

    /**
     * The peer shut down its sending side (end of stream was read); in an {@link AsyncChat},
     * held-back input has been delivered. The channel may still write, for example its
     * answer. The default here treats it as a close, as asyncore does:
     * {@link #handleClose()}. {@code AsyncChat} overrides it to send what is queued first
     * ({@code closeWhenDone()}).
     */
    protected void handlePeerShutdown() {
        handleClose();
    }

    /**
     * The request timer ran out (see {@link #startRequestTimer}). The default reports a
     * {@link ChannelTimeoutException} to {@link #handleError}, which closes the channel.
     */
    protected void handleRequestTimeout() {
        handleError(new ChannelTimeoutException("the request was not completed within "
                + (requestTimer == null ? 0 : requestTimer.nanos / 1_000_000) + " ms"));
    }

    /**
     * The loop is shutting down gracefully ({@link EventLoop#shutdownGracefully}). The default
     * closes the channel; {@code AsyncChat} closes once its queued output is sent.
     */
    protected void handleShutdown() {
        close();
    }

    /** Nothing was read or written for the idle timeout. The default closes the channel. */
    protected void handleIdleTimeout() {
        LOG.debug("{}: idle for longer than {} ms, closing", this, idleTimer == null ? 0 : idleTimer.nanos / 1_000_000);
        close();
    }

    // ---------------------------------------------------------------- dispatch (loop thread)

    final void onReady(int ops) {
        try {
            switch (state) {
                case LISTENING -> {
                    if ((ops & Poller.READ) != 0) {
                        acceptBatch();
                    }
                }
                case CONNECTING -> {
                    if (((SocketHandle) handle).finishConnect()) {
                        state = CONNECTED;
                        lastActivityNanos = loop.turnNanos();
                        handleConnect();
                        connected();
                    }
                }
                case CONNECTED -> {
                    if ((ops & Poller.READ) != 0 && !inputEnded && !readPaused) {
                        handleRead();
                    }
                    if ((ops & Poller.WRITE) != 0 && state == CONNECTED) {
                        handleWrite();
                    }
                }
                default -> {
                }
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Routes a failure: a reset peer is a close, anything else goes to handleError. */
    final void fail(Throwable t) {
        if (state == CLOSED) {
            LOG.debug("{}: error after close", this, t);
            return;
        }
        try {
            if (t instanceof ConnectionResetException) {
                inputEnded = true;
                peerReset();
            } else {
                handleError(t);
            }
        } catch (Throwable second) {
            LOG.error("{}: handleError/handleClose threw while handling {}; closing the channel", this, t, second);
            if (state != CLOSED) {
                close();
            }
        }
    }

    /** Called after {@link #handleConnect()}; AsyncChat flushes what was pushed while connecting. */
    void connected() {
    }

    /** The peer reset the connection. AsyncChat delivers held-back input first. */
    void peerReset() {
        handleClose();
    }

    private void acceptBatch() throws IOException {
        ListenerHandle listener = (ListenerHandle) handle;
        int failures = 0;
        for (int i = 0; i < ACCEPTS_PER_EVENT && state == LISTENING && !acceptPaused(); i++) {
            SocketHandle socket;
            try {
                socket = listener.accept();
            } catch (ResourceExhaustedException e) {
                pauseAccepting(e);
                return;
            } catch (IOException e) {
                // ECONNABORTED and friends: that one connection is gone and the listener is
                // fine. An error that persists must not spin the loop, though: back off.
                LOG.debug("{}: accept failed: {}", this, e.toString());
                if (++failures >= 4) {
                    pauseAccepting(e);
                    return;
                }
                continue;
            }
            if (acceptBackoff != null) {
                acceptBackoff.nanos = 0; // accepting works (or there is nothing to accept): reset
            }
            if (socket == null) {
                return;
            }
            noDelay(socket);
            EventLoop target = acceptLoop();
            if (target == loop) {
                adopt(target, socket);
            } else {
                handOverAccepted(target, socket);
            }
        }
    }

    /** The loop that will own the next accepted connection; a group spreads them. */
    EventLoop acceptLoop() {
        return loop;
    }

    /** Gives an accepted connection to {@link #handleAccepted} on the target loop's thread. */
    private void adopt(EventLoop target, SocketHandle socket) {
        AcceptedConnection connection = new AcceptedConnection(target, socket);
        try {
            handleAccepted(connection);
        } finally {
            if (!connection.isAdopted()) {
                connection.close();
            }
        }
    }

    private void handOverAccepted(EventLoop target, SocketHandle socket) {
        try {
            target.execute(() -> {
                try {
                    adopt(target, socket);
                } catch (Throwable t) {
                    // On another loop's thread this listener's handleError must not run.
                    LOG.error("{}: handleAccepted threw on {}; the connection was closed", this, target.name(), t);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.debug("{}: {} is closed; dropping an accepted connection", this, target.name());
            try {
                socket.close();
            } catch (IOException ignored) {
                // dropped anyway
            }
        }
    }

    /**
     * Command/response protocols send small messages and wait for answers, the case where
     * Nagle's algorithm and delayed ACKs stall each other for up to 40 ms; output here is
     * already coalesced per turn, so Nagle has nothing left to gain.
     */
    private void noDelay(SocketHandle socket) {
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("{}: cannot set TCP_NODELAY on an accepted socket", this, e);
        }
    }

    private boolean acceptPaused() {
        return acceptBackoff != null && acceptBackoff.paused;
    }

    private void pauseAccepting(IOException e) {
        AcceptBackoff b = acceptBackoff;
        if (b == null) {
            b = acceptBackoff = new AcceptBackoff();
        }
        b.nanos = b.nanos == 0 ? ACCEPT_BACKOFF_MIN_NANOS : Math.min(ACCEPT_BACKOFF_MAX_NANOS, b.nanos * 2);
        if (!b.logged) {
            b.logged = true;
            LOG.warn("{}: cannot accept: {}. Pausing accepts (up to {} ms at a time) while existing connections"
                    + " are served; raise the limit (ulimit -n) if this persists. Logged once.", this,
                    e.getMessage(), ACCEPT_BACKOFF_MAX_NANOS / 1_000_000);
        }
        b.paused = true;
        loop.markDirty(this);
        AcceptBackoff paused = b;
        loop.arm(new ScheduledTask(() -> {
            paused.paused = false;
            loop.markDirty(this);
        }), System.nanoTime() + b.nanos);
    }

    /** Flushes output (in AsyncChat) and brings the poller's interest up to date. */
    final void settle() {
        if (state == CLOSED) {
            return;
        }
        try {
            beforeSettle();
            if (state != CLOSED) {
                updateInterest();
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** Work done once per turn before the interest is updated; AsyncChat flushes here. */
    void beforeSettle() throws IOException {
    }

    private void updateInterest() throws IOException {
        int want = switch (state) {
            case LISTENING -> !acceptPaused() && readable() ? Poller.READ : 0;
            case CONNECTING -> Poller.WRITE;
            case CONNECTED -> (!inputEnded && !readPaused && readable() ? Poller.READ : 0)
                    | (writable() ? Poller.WRITE : 0);
            default -> 0;
        };
        if (interest < 0) {
            loop.poller().register(handle, want, this);
            interest = want;
        } else if (want != interest) {
            handle.interest(want);
            interest = want;
        }
    }

    // ---------------------------------------------------------------- helpers

    final void checkLoop(String method) {
        // Hot: getTerminator/setTerminator call this per frame. The name is built only on failure.
        if (!loop.inEventLoop()) {
            loop.checkInEventLoop(this, getClass().getSimpleName() + "." + method);
        }
    }

    private void checkState(int expected, String method) {
        if (state != expected) {
            throw new IllegalStateException(getClass().getSimpleName() + "." + method + " needs a new channel, but "
                    + this + " is " + stateName() + "; create a new channel instead");
        }
    }

    final String stateName() {
        return switch (state) {
            case NEW -> "not yet listening or connecting";
            case LISTENING -> "listening";
            case CONNECTING -> "connecting";
            case CONNECTED -> "connected";
            default -> "closed";
        };
    }

    @Override
    public String toString() {
        String name = getClass().getSimpleName().isEmpty() ? getClass().getName() : getClass().getSimpleName();
        if (state == CLOSED || handle == null) {
            return name + "[" + stateName() + "]";
        }
        InetSocketAddress local = localAddress();
        return state == LISTENING ? name + "[listening on " + local + "]"
                : name + "[" + local + " <-> " + remoteAddress() + (state == CONNECTING ? ", connecting" : "") + "]";
    }
}

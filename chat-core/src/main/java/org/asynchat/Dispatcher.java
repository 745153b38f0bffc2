package org.asynchat;

import static org.asynchat.ChannelEvents.CLOSED;
import static org.asynchat.ChannelEvents.CONNECTED;
import static org.asynchat.ChannelEvents.CONNECTING;
import static org.asynchat.ChannelEvents.LISTENING;
import static org.asynchat.ChannelEvents.NEW;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

import org.asynchat.internal.Quietly;
import org.asynchat.spi.Handle;
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

    // The internal protocol (ARCHITECTURE.md has the table): fields shared in this package, each written
    // only by what its comment names, on the loop's thread (entry points assert it); none volatile.
    final EventLoop loop;
    Handle handle; // written by the constructors, listen, connect
    int state = NEW; // the constructors, listen, connect, close, ChannelEvents.ready (connected)
    boolean inputEnded; // ChannelEvents (end of input, reset): no read interest, no handleRead after
    boolean readPaused; // pauseReading, resumeReading
    long lastActivityNanos; // System.nanoTime() of the last read or write progress: see ChannelTimer
    int interest = -1; // Interest: the interest the poller has, -1 before registering
    int registryIndex = -1; // ChannelRegistry: the index in the loop's channel array, or -1
    boolean dirty; // ChannelRegistry: queued to be settled this turn
    Acceptor acceptor; // listen: a listener's accepting; null for other channels
    private SocketSetup setup; // the socket-to-be, until listen or connect makes it
    private ChannelTimer idleTimer; // null until a timeout is set
    private ChannelTimer requestTimer;

    /**
     * Creates a channel without a socket; call {@link #bind} and {@link #listen}, or
     * {@link #connect}, next.
     *
     * @param loop the loop the channel belongs to
     */
    protected Dispatcher(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
        loop.checkConstructedOnLoop(this, "loop");
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
        loop.checkConstructedOnLoop(this, "connection");
        this.handle = connection.adopt();
        this.state = CONNECTED;
        this.lastActivityNanos = loop.turnNanos();
        loop.attach(this);
    }

    /** {@return the loop this channel belongs to} */
    public final EventLoop loop() {
        return loop;
    }

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
            setup().setOption(option, value);
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
        ChannelEvents.checkNew(this, "bind");
        setup().bind(Objects.requireNonNull(local, "local"));
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
        ChannelEvents.checkNew(this, "listen");
        this.handle = SocketSetup.listen(setup, loop.poller(), backlog);
        this.setup = null;
        this.acceptor = new Acceptor(this);
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
        ChannelEvents.checkNew(this, "connect");
        this.handle = SocketSetup.connect(setup, loop.poller(), remote);
        this.setup = null;
        this.state = CONNECTING;
        this.lastActivityNanos = loop.turnNanos();
        loop.attach(this);
    }

    private SocketSetup setup() {
        SocketSetup s = setup;
        if (s == null) {
            s = setup = new SocketSetup();
        }
        return s;
    }

    /**
     * Reads from the socket into a buffer: asyncore's {@code recv}. At end of stream calls
     * {@link #handlePeerShutdown()} (by default {@link #handleClose()}, as asyncore does) and
     * returns -1; when the peer reset the connection, calls {@link #handleClose()}, as
     * asyncore does, and returns -1.
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
            ChannelEvents.peerReset(this);
            return -1;
        }
        if (n > 0) {
            lastActivityNanos = loop.turnNanos();
        } else if (n < 0) {
            ChannelEvents.endOfInput(this);
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
            ChannelEvents.peerReset(this);
            return 0;
        }
    }

    final SocketHandle connectedSocket(String method) {
        if (state != CONNECTED) {
            throw new IllegalStateException(method + " needs a connected channel, but " + this + " is "
                    + ChannelEvents.describe(state));
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
        loop.channels.detach(this);
        ChannelTimer.stop(idleTimer);
        ChannelTimer.stop(requestTimer);
        Quietly.close(handle);
        released();
    }

    /** {@return whether the channel is open: it may still be listening or connecting; false once closed} */
    public final boolean isOpen() {
        return state != CLOSED;
    }

    /** {@return whether the channel is connected: between the connect (or accept) and the close} */
    public final boolean isConnected() {
        return state == CONNECTED;
    }

    /** {@return whether the channel is listening: between {@link #listen} and the close} */
    public final boolean isListening() {
        return state == LISTENING;
    }

    /** {@return the local address, or {@code null} if there is no socket} */
    public final InetSocketAddress localAddress() {
        return state == CLOSED ? null : SocketSetup.localAddress(handle);
    }

    /** {@return the peer's address, or {@code null} if not connected} */
    public final InetSocketAddress remoteAddress() {
        return state == CLOSED ? null : SocketSetup.remoteAddress(handle);
    }

    /**
     * Stops reading: read interest is removed, so unread input stays in the kernel and TCP
     * pushes back on the peer. In an {@code AsyncChat} callback it takes effect at once: the
     * rest of the data already read is kept and framed after {@link #resumeReading()}.
     */
    public void pauseReading() {
        checkLoop("pauseReading");
        readPaused = true;
        loop.channels.markDirty(this);
    }

    /** Resumes reading after {@link #pauseReading()}. */
    public void resumeReading() {
        checkLoop("resumeReading");
        readPaused = false;
        loop.channels.markDirty(this);
    }

    /** {@return whether {@link #pauseReading()} is in effect} */
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
        if (state != CLOSED) {
            requestTimer = ChannelTimer.startRequest(requestTimer, this, timeout);
        }
    }

    /** Cancels the request timer, if running. */
    public final void cancelRequestTimer() {
        checkLoop("cancelRequestTimer");
        ChannelTimer.stop(requestTimer);
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
        idleTimer = ChannelTimer.setIdle(idleTimer, this, timeout);
    }

    /**
     * {@return whether the channel wants to read (or accept): true by default} Override to stop
     * reading: the loop then asks every turn, as asyncore does, until it returns true again.
     */
    public boolean readable() {
        return true;
    }

    /**
     * {@return whether the channel wants to write: false by default, unlike asyncore} Override
     * to receive {@link #handleWrite()}; the loop then asks every turn.
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
        ChannelEvents.log(this, error);
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
                + ChannelTimer.millis(requestTimer) + " ms"));
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
        LOG.debug("{}: idle for longer than {} ms, closing", this, ChannelTimer.millis(idleTimer));
        close();
    }

    /** Input has ended; AsyncChat delivers the bytes held back as a possible delimiter. */
    void flushHeldInput() {
    }

    /** After {@link #handleConnect()}; AsyncChat flushes what was pushed while connecting. */
    void connected() {
    }

    /** Once per turn, before the interest is updated; AsyncChat flushes here. */
    void beforeSettle() throws IOException {
    }

    /** Once, by {@link #close()} after the socket is closed, to release resources. */
    void released() {
    }

    /** The loop that will own the next accepted connection; a group spreads them. */
    EventLoop acceptLoop() {
        return loop;
    }

    final void checkLoop(String method) {
        // Hot: getTerminator/setTerminator call this per frame. The name is built only on failure.
        if (!loop.inEventLoop()) {
            loop.checkInEventLoop(this, getClass().getSimpleName() + "." + method);
        }
    }

    @Override
    public String toString() {
        return ChannelEvents.describe(this);
    }
}

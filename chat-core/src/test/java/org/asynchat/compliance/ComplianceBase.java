package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;
import org.asynchat.spi.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * What every group of compliance cases shares: the backend, loops that are closed after each
 * test, and plain blocking-socket peers (the JDK's own sockets, not ours).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ComplianceBase {

    /** The host every test listens on and connects to. */
    protected static final String HOST = "127.0.0.1";

    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

    /**
     * Returns the backend under test.
     *
     * @return the backend
     */
    protected abstract Backend backend();

    /**
     * Creates a loop on the backend, closed after the test.
     *
     * @return the loop
     */
    protected EventLoop newLoop() {
        EventLoop loop = new EventLoop(backend());
        cleanup.push(loop);
        return loop;
    }

    /**
     * Creates a loop running on its own thread, closed after the test.
     *
     * @return the running loop
     */
    protected LoopThread startLoop() {
        LoopThread t = new LoopThread(new EventLoop(backend()));
        cleanup.push(t);
        return t;
    }

    /**
     * Registers something to close after the test (sockets, threads).
     *
     * @param <T> its type
     * @param resource the resource
     * @return the resource
     */
    protected <T extends AutoCloseable> T closeLater(T resource) {
        cleanup.push(resource);
        return resource;
    }

    @AfterEach
    void closeEverything() throws Exception {
        while (!cleanup.isEmpty()) {
            cleanup.pop().close();
        }
    }

    /**
     * Runs the loop on this thread, asyncore style, until the condition holds.
     *
     * @param loop the loop, not running elsewhere
     * @param done the condition
     * @param max the most time to spend
     */
    protected static void runUntil(EventLoop loop, BooleanSupplier done, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("the condition was not reached within " + max.toMillis() + " ms");
            }
            loop.run(Duration.ofMillis(10), 1);
            if (loop.channelCount() == 0 && !done.getAsBoolean()) {
                // asyncore's loop returns when the map is empty; give other threads a moment.
                sleep(1);
            }
        }
    }

    /**
     * Waits, polling, until a condition holds (for conditions other threads make true).
     *
     * @param what what is waited for, for the failure message
     * @param done the condition
     */
    protected static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            sleep(2);
        }
    }

    /**
     * Sleeps without interruption handling.
     *
     * @param millis how long
     */
    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Connects a plain blocking JDK socket with a read timeout.
     *
     * @param port the port on {@link #HOST}
     * @return the socket, closed after the test
     * @throws IOException if the connect fails
     */
    protected Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(HOST, port), 10_000);
        s.setSoTimeout(20_000);
        s.setTcpNoDelay(true);
        return closeLater(s);
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @param in the stream
     * @param n how many bytes
     * @return the bytes
     * @throws IOException on a read error or early end of stream
     */
    protected static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("end of stream after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /**
     * Reads a line ending in {@code \n} and returns it without the newline.
     *
     * @param in the stream
     * @return the line, or {@code null} at end of stream
     * @throws IOException on a read error
     */
    protected static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads until end of stream.
     *
     * @param in the stream
     * @return everything read
     * @throws IOException on a read error
     */
    protected static byte[] readToEnd(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    /**
     * Returns ASCII bytes of a string.
     *
     * @param s the string
     * @return its bytes
     */
    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Starts a listener on the loop that gives each connection to the factory.
     *
     * @param loop the loop (running or not, called on its thread)
     * @param factory makes the channel that adopts each connection
     * @return the listener
     * @throws IOException if it cannot listen
     */
    protected static Server listen(EventLoop loop, Function<AcceptedConnection, ? extends Dispatcher> factory)
            throws IOException {
        return new Server(loop, factory);
    }

    /** A listener that hands every accepted connection to a factory. */
    public static final class Server extends Dispatcher {
        private final Function<AcceptedConnection, ? extends Dispatcher> factory;
        /** The channels made so far, on the loop's thread. */
        public final java.util.List<Dispatcher> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

        Server(EventLoop loop, Function<AcceptedConnection, ? extends Dispatcher> factory) throws IOException {
            super(loop);
            this.factory = factory;
            bind(new InetSocketAddress(HOST, 0));
            listen(512);
        }

        @Override
        protected void handleAccepted(AcceptedConnection connection) {
            accepted.add(factory.apply(connection));
        }

        /**
         * Returns the listening port.
         *
         * @return the port
         */
        public int port() {
            return localAddress().getPort();
        }
    }

    /**
     * Runs code on a loop thread and waits for its result.
     *
     * @param <T> the result type
     * @param loop the running loop
     * @param task the code
     * @return its result
     * @throws Exception what the code threw
     */
    protected static <T> T onLoop(LoopThread loop, Callable<T> task) throws Exception {
        return loop.call(task);
    }

    /**
     * A line-echo channel, the workhorse of many cases: collects bytes, and on each
     * {@code \n} pushes the line back with its newline.
     */
    public static class LineEcho extends AsyncChat {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        /**
         * Creates the channel.
         *
         * @param connection the accepted connection
         */
        public LineEcho(AcceptedConnection connection) {
            super(connection);
            setTerminator(org.asynchat.Terminator.of("\n"));
        }

        @Override
        public void collectIncomingData(java.nio.ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            line.writeBytes(b);
        }

        @Override
        public void foundTerminator() {
            line.write('\n');
            onLine(line.toByteArray());
            line.reset();
        }

        /**
         * Called with each line including its newline; echoes it by default.
         *
         * @param lineWithNewline the line
         */
        protected void onLine(byte[] lineWithNewline) {
            push(lineWithNewline);
        }
    }

    static void assertEventually(String what, BooleanSupplier condition) {
        await(what, condition);
        assertTrue(condition.getAsBoolean(), what);
    }
}

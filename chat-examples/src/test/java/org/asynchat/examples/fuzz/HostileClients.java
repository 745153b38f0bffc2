package org.asynchat.examples.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.asynchat.examples.fuzz.FuzzCase.Ending;

/**
 * Plays fuzz cases against a server as real TCP clients, one connection per case. Each case
 * is bounded in time: one still running after {@link #CASE_LIMIT_MILLIS} is reset by a
 * watchdog, so a server that stops reading cannot hang the run, and a stalled one is closed
 * {@link #STALL_MILLIS} after it connected, whatever it was doing. A server that closes or
 * resets a hostile connection is fine; one that refuses a new connection is not.
 *
 * <p>Thread-safe: several threads play cases at once.
 */
final class HostileClients implements AutoCloseable {

    static final long CASE_LIMIT_MILLIS = 3000;
    /** How long {@link Ending#READ_THEN_CLOSE} reads. */
    private static final long READ_MILLIS = 50;
    /** How long {@link Ending#HALF_CLOSE} waits for the server to close in turn. */
    private static final long HALF_CLOSE_WAIT_MILLIS = 2500;
    /** How long {@link Ending#STALL} stays connected without reading, from its connect. */
    private static final long STALL_MILLIS = 1000;

    private final InetSocketAddress server;
    private final ExecutorService readers = Executors.newCachedThreadPool(daemon("fuzz-reader"));
    private final ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(daemon("fuzz-watchdog"));
    /** Sockets of stalled cases, still open. */
    private final Set<Socket> stalled = ConcurrentHashMap.newKeySet();
    /** The cases whose connection is open now. */
    private final Map<Socket, Integer> inFlight = new ConcurrentHashMap<>();
    /** The cases each client port was used by: the server's log names the port, this the case. */
    private final Map<Integer, List<Integer>> casesByPort = new ConcurrentHashMap<>();

    final LongAdder cases = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    /** Cases whose connection the server closed or reset while the client was still writing. */
    final LongAdder cutOffByServer = new LongAdder();
    /** Half-closed cases the server answered by closing in turn. */
    final LongAdder halfClosesFinished = new LongAdder();
    /** Cases the watchdog had to reset. */
    final LongAdder timedOut = new LongAdder();

    HostileClients(int port) {
        this.server = new InetSocketAddress("127.0.0.1", port);
    }

    /**
     * Plays one case: connects, writes as the case says, leaves as it says.
     *
     * @param c the case
     * @throws IOException if the server does not accept the connection
     */
    void play(FuzzCase c) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(server, 5000);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        cases.increment();
        inFlight.put(socket, c.number());
        casesByPort.computeIfAbsent(socket.getLocalPort(), p -> new CopyOnWriteArrayList<>()).add(c.number());
        boolean stalls = c.ending() == Ending.STALL;
        if (stalls) {
            stall(socket);
        }
        // A stalled case ends at its stall time, even in a write the server no longer reads: that is backpressure.
        ScheduledFuture<?> limit = stalls ? null : watchdog.schedule(() -> {
            timedOut.increment();
            reset(socket);
        }, CASE_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        boolean reads = c.ending() != Ending.NEVER_READ && c.ending() != Ending.STALL;
        Future<?> reader = reads ? readers.submit(() -> drain(socket)) : null;
        try {
            socket.setTcpNoDelay(true);
            write(socket.getOutputStream(), c);
            leave(socket, c, reader);
        } catch (IOException e) {
            if (!socket.isClosed()) { // else a stall ended, not the server
                cutOffByServer.increment(); // the server may refuse what it reads, and close
            }
        } finally {
            if (limit != null) {
                limit.cancel(false);
            }
            if (c.ending() == Ending.RESET) {
                reset(socket);
            }
            if (!stalls) {
                closeQuietly(socket);
            }
        }
    }

    /**
     * Closes the socket {@link #STALL_MILLIS} from now; if the case has written everything by
     * then, the player has gone on to its next case meanwhile.
     */
    private void stall(Socket socket) {
        stalled.add(socket);
        watchdog.schedule(() -> {
            if (stalled.remove(socket)) {
                closeQuietly(socket);
            }
        }, STALL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void write(OutputStream out, FuzzCase c) throws IOException {
        byte[] b = c.bytes();
        int n = c.ending() == Ending.RESET ? c.resetAfter() : b.length;
        Random wire = new Random(c.wireSeed());
        switch (c.delivery()) {
            case WHOLE -> out.write(b, 0, n);
            case CHUNKS -> {
                // 2 to 256 writes of random sizes: every kind of split, in a bounded number of writes.
                int meanChunk = Math.max(1, n / (2 + wire.nextInt(255)));
                for (int at = 0; at < n;) {
                    int size = Math.min(n - at, 1 + wire.nextInt(2 * meanChunk));
                    out.write(b, at, size);
                    at += size;
                    pauseNowAndThen(wire, 10);
                }
            }
            case BYTE_BY_BYTE -> {
                for (int at = 0; at < n; at++) {
                    out.write(b[at]);
                    pauseNowAndThen(wire, 20);
                }
            }
        }
        bytesSent.add(n);
    }

    /** Sleeps a millisecond once in {@code oneIn} calls: slow enough that reads split, fast enough to stay bounded. */
    private static void pauseNowAndThen(Random wire, int oneIn) throws InterruptedIOException {
        if (wire.nextInt(oneIn) == 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
        }
    }

    private void leave(Socket socket, FuzzCase c, Future<?> reader) throws IOException {
        switch (c.ending()) {
            case READ_THEN_CLOSE -> awaitEnd(reader, READ_MILLIS);
            case HALF_CLOSE -> {
                socket.shutdownOutput();
                if (awaitEnd(reader, HALF_CLOSE_WAIT_MILLIS)) {
                    halfClosesFinished.increment();
                }
            }
            default -> {
                // CLOSE, NEVER_READ and RESET leave at once (RESET with SO_LINGER 0, in play)
            }
        }
    }

    /** Waits for the reader to reach end of stream; false if it did not within the time. */
    private static boolean awaitEnd(Future<?> reader, long millis) throws InterruptedIOException {
        try {
            reader.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // reset by the server: ended too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** Reads and drops everything until end of stream, or until the socket is closed under it. */
    private Void drain(Socket socket) throws IOException {
        byte[] buf = new byte[16 * 1024];
        InputStream in = socket.getInputStream();
        int n;
        while ((n = in.read(buf)) >= 0) {
            bytesReceived.add(n);
        }
        return null;
    }

    /**
     * Waits for the stalled cases to end (their sockets close {@link #STALL_MILLIS} after they
     * connected), so that other clients are checked while they are still connected.
     *
     * @throws InterruptedException if interrupted
     */
    void awaitStalled() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * STALL_MILLIS);
        while (!stalled.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * Returns the cases whose connection is open now: the suspects when another client is
     * harmed.
     *
     * @return case numbers
     */
    List<Integer> casesInFlight() {
        return List.copyOf(inFlight.values());
    }

    /**
     * Returns the cases that used a client port, to name the case behind a server log line.
     *
     * @param port a client port
     * @return case numbers, possibly several (ports are reused)
     */
    List<Integer> casesUsing(int port) {
        return casesByPort.getOrDefault(port, List.of());
    }

    private void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException alreadyClosed) {
            // nothing to reset
        }
        closeQuietly(socket);
    }

    private void closeQuietly(Socket socket) {
        inFlight.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static ThreadFactory daemon(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() throws InterruptedException {
        watchdog.shutdownNow();
        stalled.removeIf(s -> {
            closeQuietly(s);
            return true;
        });
        readers.shutdownNow();
        readers.awaitTermination(5, TimeUnit.SECONDS);
    }
}

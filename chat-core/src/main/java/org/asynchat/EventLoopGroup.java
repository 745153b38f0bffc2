package org.asynchat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.asynchat.spi.Backend;

/**
 * Several {@link EventLoop}s, one thread each, to use every core. A channel lives on one loop
 * for its whole life; {@link #listen} spreads accepted connections over the loops.
 *
 * <pre>{@code
 * EventLoopGroup group = new EventLoopGroup();            // one loop per processor
 * group.listen(new InetSocketAddress(7000), 128, EchoHandler::new);
 * group.start();
 * }</pre>
 *
 * <p>Distribution: by default round-robin, which spreads connections evenly and costs
 * nothing; {@link Distribution#LEAST_CONNECTIONS} picks the loop with the fewest channels
 * instead, which evens out load when connections live for very different times.
 * {@link #listenReusePort} instead opens one listener per loop with {@code SO_REUSEPORT}
 * (Linux), and the kernel spreads connections by a hash of their addresses, with no hand-over
 * between threads.
 *
 * <p>The factory given to {@code listen} runs on the loop that will own the connection, so it
 * runs on several threads: state it shares between connections (a chat room, a key-value
 * store) must be thread-safe. {@code push} to a channel of another loop is safe from any
 * thread. Timers, idle timeouts and graceful shutdown work per loop as on a single loop.
 */
public final class EventLoopGroup implements Executor, AutoCloseable {

    /** How {@link #listen} chooses the loop for each accepted connection. */
    public enum Distribution {
        /** Each loop in turn. */
        ROUND_ROBIN,
        /** The loop with the fewest channels at that moment. */
        LEAST_CONNECTIONS
    }

    private final EventLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile Distribution distribution = Distribution.ROUND_ROBIN;
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Creates one loop per available processor on the backend chosen by
     * {@link Backends#select()}.
     */
    public EventLoopGroup() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Creates {@code size} loops on the backend chosen by {@link Backends#select()}.
     *
     * @param size the number of loops, at least 1
     */
    public EventLoopGroup(int size) {
        this(size, Backends.select());
    }

    /**
     * Creates {@code size} loops on a given backend.
     *
     * @param size the number of loops, at least 1
     * @param backend the backend
     */
    public EventLoopGroup(int size, Backend backend) {
        if (size < 1) {
            throw new IllegalArgumentException("an event loop group needs at least 1 loop, got " + size);
        }
        Objects.requireNonNull(backend, "backend");
        loops = new EventLoop[size];
        try {
            for (int i = 0; i < size; i++) {
                loops[i] = new EventLoop(backend);
            }
        } catch (RuntimeException e) {
            for (EventLoop l : loops) {
                if (l != null) {
                    l.close();
                }
            }
            throw e;
        }
    }

    /**
     * Sets how accepted connections are spread; applies to connections accepted from now on.
     *
     * @param distribution the policy
     * @return this group
     */
    public EventLoopGroup distribution(Distribution distribution) {
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        return this;
    }

    /**
     * Returns the loops.
     *
     * @return the loops, in a fixed order
     */
    public List<EventLoop> loops() {
        return List.of(loops);
    }

    /**
     * Returns the number of loops.
     *
     * @return the size
     */
    public int size() {
        return loops.length;
    }

    /**
     * Returns the backend the loops run on.
     *
     * @return the backend
     */
    public Backend backend() {
        return loops[0].backend();
    }

    /**
     * Returns the loop for the next connection, by the group's {@link Distribution}.
     *
     * @return a loop
     */
    public EventLoop next() {
        if (loops.length == 1) {
            return loops[0];
        }
        if (distribution == Distribution.LEAST_CONNECTIONS) {
            EventLoop best = loops[0];
            for (EventLoop l : loops) {
                if (l.channelCount() < best.channelCount()) {
                    best = l;
                }
            }
            return best;
        }
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    /**
     * Starts one thread per loop. Idempotent.
     *
     * @return this group
     */
    public synchronized EventLoopGroup start() {
        if (threads.isEmpty()) {
            for (EventLoop l : loops) {
                threads.add(l.start());
            }
        }
        return this;
    }

    /**
     * Listens on an address with one listener, on the first loop, that hands each accepted
     * connection to a loop chosen by the group's {@link Distribution}.
     *
     * @param address where to listen, port 0 for any free port
     * @param backlog the accept queue length, 0 or less for the default
     * @param factory makes the channel for each connection, on the loop that owns it
     * @return the listener
     * @throws IOException if the address cannot be listened on
     */
    public GroupListener listen(SocketAddress address, int backlog,
            Function<AcceptedConnection, ? extends Dispatcher> factory) throws IOException {
        Objects.requireNonNull(factory, "factory");
        Dispatcher acceptor = onLoop(loops[0], () -> new SpreadingListener(loops[0], address, backlog, factory, false));
        return new GroupListener(List.of(acceptor), acceptor.localAddress());
    }

    /**
     * Listens on an address with one listener per loop, all bound with {@code SO_REUSEPORT};
     * the kernel spreads connections, and each loop accepts its own. Linux (and the BSDs).
     *
     * @param address where to listen, port 0 for any free port (shared by all listeners)
     * @param backlog the accept queue length of each listener, 0 or less for the default
     * @param factory makes the channel for each connection, on the loop that accepted it
     * @return the listener
     * @throws IOException if the address cannot be listened on, or the OS lacks SO_REUSEPORT
     */
    public GroupListener listenReusePort(SocketAddress address, int backlog,
            Function<AcceptedConnection, ? extends Dispatcher> factory) throws IOException {
        Objects.requireNonNull(factory, "factory");
        List<Dispatcher> acceptors = new ArrayList<>();
        SocketAddress bindTo = address;
        try {
            for (EventLoop l : loops) {
                SocketAddress where = bindTo;
                Dispatcher a = onLoop(l, () -> new SpreadingListener(l, where, backlog, factory, true));
                acceptors.add(a);
                bindTo = a.localAddress(); // port 0: the others share the port the first got
            }
        } catch (IOException | RuntimeException e) {
            new GroupListener(acceptors, null).close();
            throw e;
        }
        return new GroupListener(acceptors, acceptors.get(0).localAddress());
    }

    private static <T> T onLoop(EventLoop loop, IoCallable<T> action) throws IOException {
        if (loop.inEventLoop()) {
            return action.call();
        }
        try {
            return loop.submit(action::call).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting up a listener on " + loop.name(), e);
        } catch (TimeoutException e) {
            throw new IOException(loop.name() + " did not set up the listener within 30 s; is it stuck in a callback?");
        }
    }

    @FunctionalInterface
    private interface IoCallable<T> {
        T call() throws IOException;
    }

    /** The listener behind {@link #listen}: accepts, and hands each connection to a loop. */
    private final class SpreadingListener extends Dispatcher {
        private final Function<AcceptedConnection, ? extends Dispatcher> factory;
        private final boolean reusePort;

        SpreadingListener(EventLoop loop, SocketAddress address, int backlog,
                Function<AcceptedConnection, ? extends Dispatcher> factory, boolean reusePort) throws IOException {
            super(loop);
            this.factory = factory;
            this.reusePort = reusePort;
            if (reusePort) {
                try {
                    setOption(StandardSocketOptions.SO_REUSEPORT, true);
                } catch (UnsupportedOperationException e) {
                    throw new IOException("SO_REUSEPORT is not supported by the " + loop.backend().name()
                            + " backend on this OS; use listen() instead", e);
                }
            }
            bind(address);
            listen(backlog);
        }

        @Override
        EventLoop acceptLoop() {
            return reusePort ? loop() : next();
        }

        @Override
        protected void handleAccepted(AcceptedConnection connection) {
            factory.apply(connection);
        }
    }

    /**
     * Runs a task on the next loop. Thread-safe.
     *
     * @param task the task
     */
    @Override
    public void execute(Runnable task) {
        next().execute(task);
    }

    /**
     * Schedules a task on the next loop. Thread-safe.
     *
     * @param delay how long to wait
     * @param task the task
     * @return a handle that cancels it
     */
    public Cancellable schedule(Duration delay, Runnable task) {
        return next().schedule(delay, task);
    }

    /**
     * Shuts every loop down gracefully (see {@link EventLoop#shutdownGracefully}).
     *
     * @param timeout how long channels may take to finish
     * @return completed when every loop has closed
     */
    public CompletableFuture<Void> shutdownGracefully(Duration timeout) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (EventLoop l : loops) {
            all.add(l.shutdownGracefully(timeout));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /**
     * Returns a future completed once every loop has closed.
     *
     * @return the termination future
     */
    public CompletableFuture<Void> terminationFuture() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (EventLoop l : loops) {
            all.add(l.terminationFuture());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Closes every loop and waits for their threads. */
    @Override
    public void close() {
        for (EventLoop l : loops) {
            l.close();
        }
        List<Thread> started;
        synchronized (this) {
            started = new ArrayList<>(threads);
        }
        for (Thread t : started) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "EventLoopGroup[" + loops.length + " loops, " + backend().name() + ", " + distribution + "]";
    }
}

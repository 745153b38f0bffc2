package org.asynchat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.asynchat.internal.ScheduledTask;
import org.asynchat.spi.Backend;
import org.asynchat.spi.Poller;
import org.asynchat.spi.ReadyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop: asyncore's {@code loop()} and its channel map, on one thread.
 *
 * <p>The loop owns a backend {@link Poller}, the channels registered with it, its timers, and
 * a queue of tasks handed in from other threads. Every callback of every channel runs on the
 * loop's thread, one at a time, so channel code needs no locks. Several loops may run in one
 * process, one thread each.
 *
 * <p>Threads: {@link #execute}, {@link #submit}, {@link #schedule}, {@link #stop()},
 * {@link #close()} and {@link #inEventLoop()} may be called from any thread. Everything else,
 * and every channel method other than {@code push}, {@code pushWithProducer} and
 * {@code closeWhenDone}, belongs to the loop's thread: the thread running {@link #run()}, or,
 * before any thread runs the loop, the thread setting it up.
 *
 * <p>Per turn the loop polls, dispatches ready channels, runs due timers and queued tasks,
 * then settles the channels touched in the turn: flushes their output and updates their
 * interest with the poller. Only channels that changed are visited (O(active), not
 * O(connections)), except those whose class overrides {@code readable()} or
 * {@code writable()}, which are asked every turn as asyncore asks them.
 *
 * <p>Inside, the loop is the turn and its thread; it delegates the channel map to a
 * {@link ChannelRegistry}, the memory its channels share to {@link LoopMemory}, and its tasks
 * and timers to {@link LoopTasks}.
 */
public final class EventLoop implements Executor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Backend backend;
    private final Poller poller;
    private final String name;
    private final ReadyHandler dispatch = this::dispatch;

    private volatile Thread thread;
    private volatile boolean stopRequested;
    private volatile boolean closed;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** The loop's parts, used directly by the channels' collaborators in this package. */
    final LoopTasks tasks;
    final ChannelRegistry channels = new ChannelRegistry(this);
    final LoopMemory memory = new LoopMemory();
    /** {@link System#nanoTime()} when the current turn's poll returned. */
    private long turnNanos = System.nanoTime();
    /** Completed when a graceful shutdown has closed the last channel and the loop. */
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private boolean shuttingDown;

    /**
     * Creates a loop on the backend chosen by {@link Backends#select()}.
     *
     * @throws BackendUnavailableException if no backend can be used
     * @throws UncheckedIOException if the poller cannot be opened
     */
    public EventLoop() {
        this(Backends.select());
    }

    /**
     * Creates a loop on a given backend.
     *
     * @param backend the backend
     * @throws IllegalArgumentException if the backend is not available here
     * @throws UncheckedIOException if the poller cannot be opened
     */
    public EventLoop(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        if (!backend.availability().available()) {
            throw new IllegalArgumentException("backend '" + backend.name() + "' is not available here: "
                    + backend.availability().reason());
        }
        try {
            this.poller = backend.openPoller();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a " + backend.name() + " poller: " + e.getMessage(), e);
        }
        this.name = "asynchat-loop-" + IDS.incrementAndGet();
        this.tasks = new LoopTasks(this);
    }

    /** {@return the backend this loop runs on} */
    public Backend backend() {
        return backend;
    }

    /** {@return this loop's name, also used for the thread of {@link #start()}} */
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs the loop on the calling thread until {@link #stop()} or {@link #close()}.
     *
     * @throws IllegalStateException if the loop is already running or closed
     */
    public void run() {
        claim(Thread.currentThread());
        runClaimed();
    }

    private void runClaimed() {
        try {
            channels.settleDirty();
            while (!stopRequested && !closed) {
                turn(-1);
            }
        } finally {
            exit();
        }
    }

    /**
     * asyncore's {@code loop(timeout, count=N)}: polls at most {@code count} times, each
     * waiting at most {@code timeout}, and returns early when no channel is left, when
     * stopped, or when closed.
     *
     * @param timeout the longest wait of each poll
     * @param count the most polls
     * @throws IllegalStateException if the loop is already running or closed
     */
    public void run(Duration timeout, int count) {
        long nanos = timeout.toNanos();
        claim(Thread.currentThread());
        try {
            channels.settleDirty();
            for (int i = 0; i < count && channels.count() > 0 && !stopRequested && !closed; i++) {
                turn(nanos);
            }
        } finally {
            exit();
        }
    }

    /**
     * Starts a new thread, named after the loop, that runs {@link #run()}.
     *
     * @return the thread
     */
    public Thread start() {
        Thread t = new Thread(this::runClaimed, name);
        claim(t); // owned from now on, so that no other thread mistakes it for unowned
        t.start();
        return t;
    }

    /**
     * Makes {@link #run()} return after the current turn. Channels stay open; the loop may be
     * run again. Thread-safe.
     */
    public void stop() {
        stopRequested = true;
        wakeup();
    }

    /**
     * Tells whether the caller may use this loop's channels directly: it is the thread
     * running the loop, or no thread is running it.
     *
     * @return true on the loop's thread
     */
    public boolean inEventLoop() {
        Thread t = thread;
        return t == Thread.currentThread() || (t == null && !running.get());
    }

    /** {@return whether a thread is running the loop now: true while {@link #run()} is active} */
    public boolean isRunning() {
        return running.get();
    }

    private void claim(Thread owner) {
        if (closed) {
            throw new IllegalStateException(name + " is closed; create a new EventLoop");
        }
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException(name + " is already running on thread '" + describe(thread)
                    + "'; a loop runs on one thread at a time");
        }
        thread = owner;
    }

    private void exit() {
        stopRequested = false;
        thread = null;
        running.set(false);
    }

    private static String describe(Thread t) {
        return t == null ? "none" : t.getName();
    }

    /** One turn: poll, dispatch, timers, tasks, then settle what the turn touched. */
    private void turn(long maxWaitNanos) {
        wakeupPending.set(false);
        long wait;
        if (tasks.hasTasks() || channels.hasDirty() || stopRequested) {
            wait = 0;
        } else {
            long untilTimer = tasks.nanosUntilNextTimer(System.nanoTime());
            wait = untilTimer < 0 ? maxWaitNanos : (maxWaitNanos < 0 ? untilTimer : Math.min(untilTimer, maxWaitNanos));
        }
        try {
            poller.poll(wait, dispatch);
        } catch (IOException e) {
            LOG.error("{}: polling failed; retrying after 100 ms", name, e);
            sleepQuietly(100);
        }
        turnNanos = System.nanoTime();
        tasks.runDueTimers(turnNanos);
        tasks.runTasks();
        channels.settleDirty();
        if (shuttingDown && channels.count() == 0) {
            closeNow();
        }
    }

    private void dispatch(Object attachment, int readyOps) {
        Dispatcher d = (Dispatcher) attachment;
        ChannelEvents.ready(d, readyOps);
        channels.markDirty(d);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- tasks and timers

    /**
     * Runs a task on the loop's thread, soon. Thread-safe; wakes the poller. Tasks from one
     * thread run in the order given.
     *
     * @param task the task
     * @throws RejectedExecutionException if the loop is closed
     */
    @Override
    public void execute(Runnable task) {
        if (!offer(task)) {
            throw new RejectedExecutionException(name + " is closed; the task was not run");
        }
    }

    /**
     * Runs a task on the loop's thread and gives its result. Thread-safe.
     *
     * @param <T> the result type
     * @param task the task
     * @return the future result
     */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * Runs a task on the loop's thread after a delay. Thread-safe.
     *
     * @param delay how long to wait
     * @param task the task
     * @return a handle that cancels it
     */
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        LoopTasks.Timer scheduled = new LoopTasks.Timer(task);
        long deadline = System.nanoTime() + Math.max(0, delay.toNanos());
        if (inEventLoop()) {
            tasks.arm(scheduled, deadline);
        } else {
            execute(() -> {
                if (!scheduled.isCancelled()) {
                    tasks.arm(scheduled, deadline);
                }
            });
        }
        return scheduled;
    }

    /**
     * Hands a task to the loop from any thread, or says it cannot: the one place that decides
     * "hand to the loop or drop it". False when the loop is closed; the caller then drops what
     * the task carried (closes a socket, discards output).
     */
    boolean offer(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            return false;
        }
        tasks.add(task);
        if (!inEventLoop()) {
            wakeup();
        }
        return true;
    }

    /**
     * Returns the {@link System#nanoTime()} reading taken when the current turn's poll
     * returned: a clock for callbacks that need the time for every frame (expiry times,
     * rate limits) without asking the operating system each time. It is behind the true
     * time by at most the work of one turn. Meant for code on this loop's thread.
     *
     * @return the time of the current turn, in {@code System.nanoTime()} units
     */
    public long turnNanos() {
        return turnNanos;
    }

    private void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            poller.wakeup();
        }
    }

    // ---------------------------------------------------------------- channels

    Poller poller() {
        return poller;
    }

    /** Throws, saying why, if a channel is made off the loop's thread (see {@link #checkInEventLoop}). */
    void checkConstructedOnLoop(Dispatcher channel, String argument) {
        if (!inEventLoop()) { // the message is built only on failure: a constructor runs per accept
            Class<?> type = channel.getClass();
            checkInEventLoop(type.getName(), "new " + type.getSimpleName() + "(" + argument + ")");
        }
    }

    void checkInEventLoop(Object channel, String method) {
        if (!inEventLoop()) {
            throw new IllegalStateException(method + " was called on thread '" + Thread.currentThread().getName()
                    + "', but " + channel + " belongs to " + name + ", running on thread '" + describe(thread)
                    + "'. Call it from a callback of a channel of that loop, or hand it over with loop.execute(...);"
                    + " only push, pushWithProducer and closeWhenDone may be called from any thread.");
        }
    }

    /** A channel got its socket: it joins the loop. */
    void attach(Dispatcher d) {
        if (closed) {
            throw new IllegalStateException(name + " is closed; " + d + " cannot join it");
        }
        channels.attach(d);
    }

    /** {@return the number of open channels with a socket (listeners, connections)} */
    public int channelCount() {
        return channels.count();
    }

    // ---------------------------------------------------------------- closing

    /**
     * Shuts the loop down gracefully: listeners close at once, so nothing new is accepted;
     * every other channel gets {@code handleShutdown()} ({@code AsyncChat}: close once its
     * queued output is sent; a plain {@code Dispatcher}: close now); what is still open at the
     * deadline is closed by force. Then the loop closes and {@link #run()} returns.
     * Thread-safe; runs on the loop's thread, so the loop must be running (or run later).
     *
     * @param timeout how long channels may take to finish
     * @return completed when the loop has closed
     */
    public CompletableFuture<Void> shutdownGracefully(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        if (!offer(() -> beginShutdown(deadline))) {
            terminated.complete(null); // closed already
        }
        return terminated;
    }

    /** {@return a future completed once the loop has closed, however it closed} */
    public CompletableFuture<Void> terminationFuture() {
        return terminated;
    }

    private void beginShutdown(long deadline) {
        if (shuttingDown || closed) {
            return;
        }
        shuttingDown = true;
        channels.shutdown();
        tasks.arm(new ScheduledTask(() -> {
            if (channels.count() > 0) {
                LOG.info("{}: graceful shutdown deadline reached; closing {} channels that had not finished",
                        name, channels.count());
            }
            closeNow();
        }), deadline);
    }

    /**
     * asyncore's {@code close_all}: closes every channel, then the poller. Pending tasks are
     * dropped. Thread-safe: from another thread while the loop runs, the closing is done on
     * the loop's thread and this call waits for it (up to 10 seconds).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (running.get() && !inEventLoop()) {
            CountDownLatch done = new CountDownLatch(1);
            tasks.add(() -> {
                try {
                    closeNow();
                } finally {
                    done.countDown();
                }
            });
            wakeup();
            try {
                if (!done.await(10, TimeUnit.SECONDS)) {
                    LOG.warn("{}: close() from thread '{}' timed out waiting for the loop thread, which may be"
                            + " stuck in a callback", name, Thread.currentThread().getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        closeNow();
    }

    private void closeNow() {
        if (closed) {
            return;
        }
        channels.closeAll((d, t) -> LOG.warn("{}: closing {} failed", name, d, t));
        closed = true;
        stopRequested = true;
        tasks.dropTasks();
        try {
            poller.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the poller failed", name, e);
        }
        terminated.complete(null);
    }

    /** {@return whether {@link #close()} has run} */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return name + "[" + backend.name() + ", " + channels.count() + " channels]";
    }
}

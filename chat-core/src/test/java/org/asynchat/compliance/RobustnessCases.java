package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.ChannelClosedException;
import org.asynchat.ChannelTimeoutException;
import org.asynchat.FrameTooLongException;
import org.asynchat.OutputOverflowException;
import org.asynchat.Terminator;
import org.junit.jupiter.api.Test;

/**
 * Limits, backpressure, half-close, slow and vanishing peers, graceful shutdown: a server
 * that faces the network. Figures worth quoting are printed as {@code ROBUSTNESS ...} lines.
 */
public abstract class RobustnessCases extends ComplianceBase {

    /** A line channel that records what happened to it. */
    static class Recording extends LineEcho {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final AtomicLong collected = new AtomicLong();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicInteger writabilityChanges = new AtomicInteger();

        Recording(AcceptedConnection c) {
            super(c);
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            collected.addAndGet(data.remaining());
            super.collectIncomingData(data);
        }

        @Override
        protected void handleError(Throwable error) {
            errors.add(error);
            super.handleError(error);
        }

        @Override
        protected void handleClose() {
            closes.incrementAndGet();
            super.handleClose();
        }

        @Override
        protected void handleWritabilityChanged() {
            writabilityChanges.incrementAndGet();
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private String backendName() {
        return backend().name();
    }

    @Test
    void aPeerSendingAHundredMegabytesWithoutATerminatorIsClosedByTheFrameLimit() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Recording> victim = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Recording r = new Recording(c);
            victim.compareAndSet(null, r);
            return r;
        }));
        Socket flooder = connect(server.port());
        await("accepted", () -> victim.get() != null);
        Socket bystander = connect(server.port());
        System.gc();
        resetPeaks();
        long total = 100L << 20;
        CompletableFuture<Long> sent = OwnThread.supply("flooder", () -> {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            long n = 0;
            try {
                OutputStream out = flooder.getOutputStream();
                while (n < total) {
                    out.write(chunk);
                    n += chunk.length;
                }
            } catch (IOException closedOnUs) {
                // expected: the server closed the connection at the limit
            }
            return n;
        });
        await("the flooder is closed", () -> !victim.get().isOpen());
        bystander.getOutputStream().write(bytes("still served\n"));
        assertEquals("still served", readLine(bystander.getInputStream()), "other channels are unaffected");
        long flooded = sent.get(60, TimeUnit.SECONDS);
        Recording r = victim.get();
        assertEquals(1, r.errors.size(), r.errors.toString());
        FrameTooLongException e = assertInstanceOf(FrameTooLongException.class, r.errors.get(0));
        assertEquals(AsyncChat.DEFAULT_MAX_FRAME_LENGTH, e.limit());
        assertTrue(r.collected.get() <= AsyncChat.DEFAULT_MAX_FRAME_LENGTH,
                "never more than the limit collected: " + r.collected.get());
        assertTrue(flooded < total, "the peer could not send it all: the connection was closed after " + flooded);
        System.out.println("ROBUSTNESS " + backendName() + " frame-limit: peer sent " + flooded
                + " bytes before being closed; collected " + r.collected.get() + " bytes; heap high-water "
                + heapPeak() / 1024 + " KiB");
    }

    @Test
    void theFrameLimitCanBeRaisedOrTurnedOff() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Recording r = new Recording(c);
            r.setMaxFrameLength(AsyncChat.NO_FRAME_LIMIT);
            return r;
        }));
        Socket client = connect(server.port());
        String line = "y".repeat(1 << 20);
        client.getOutputStream().write(bytes(line + "\n"));
        assertEquals(line, readLine(client.getInputStream()));
    }

    @Test
    void aFrameTooLongHookMayAnswerAndFramingResumesAfterTheDelimiter() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, c -> new LineEcho(c) {
            {
                setMaxFrameLength(1000);
            }

            @Override
            protected void handleFrameTooLong(FrameTooLongException error) {
                push(bytes("-ERR line too long (" + error.limit() + " bytes max)\n"));
            }
        }));
        Socket client = connect(server.port());
        OutputStream out = client.getOutputStream();
        out.write(bytes("short\n"));
        out.write(bytes("z".repeat(5000) + "\n"));
        out.write(bytes("after\n"));
        InputStream in = client.getInputStream();
        assertEquals("short", readLine(in));
        assertEquals("-ERR line too long (1000 bytes max)", readLine(in));
        assertEquals("after", readLine(in), "the over-long line was discarded up to its delimiter");
    }

    @Test
    void aPeerThatNeverReadsMeetsTheWatermarksAndTheHardLimit() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Recording> channel = new AtomicReference<>();
        AtomicLong pushed = new AtomicLong();
        AtomicLong maxQueued = new AtomicLong();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Recording r = new Recording(c) {
                @Override
                protected void onLine(byte[] line) {
                    // Push 100 MiB as fast as the API allows, ignoring isWritable().
                    byte[] chunk = new byte[1 << 20];
                    for (int i = 0; i < 100 && isOpen(); i++) {
                        push(chunk);
                        pushed.addAndGet(chunk.length);
                        maxQueued.accumulateAndGet(queuedOutputBytes(), Math::max);
                    }
                }
            };
            channel.set(r);
            return r;
        }));
        Socket sleeper = connect(server.port());
        sleeper.setReceiveBufferSize(64 * 1024);
        System.gc();
        resetPeaks();
        sleeper.getOutputStream().write(bytes("send me everything\n"));
        await("the channel failed", () -> channel.get() != null && !channel.get().isOpen());
        Recording r = channel.get();
        assertEquals(1, r.errors.size(), r.errors.toString());
        assertInstanceOf(OutputOverflowException.class, r.errors.get(0));
        assertTrue(r.writabilityChanges.get() >= 1 || r.closes.get() == 1, "the watermark hook fired, or the"
                + " channel failed within the turn that crossed it");
        assertTrue(maxQueued.get() <= AsyncChat.DEFAULT_MAX_QUEUED_OUTPUT, "the hard limit holds: " + maxQueued.get());
        System.out.println("ROBUSTNESS " + backendName() + " never-reading peer: offered " + pushed.get()
                + " bytes, queued at most " + maxQueued.get() + " bytes, heap high-water " + heapPeak() / 1024 + " KiB");
    }

    /** A sender that respects isWritable(): pushes until not writable, resumes in the hook. */
    static final class PoliteSender extends AsyncChat {
        private final long total;
        private long sent;
        long maxQueued;
        int pauses;

        PoliteSender(AcceptedConnection c, long total) {
            super(c);
            this.total = total;
            setTerminator(Terminator.of("\n"));
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        public void foundTerminator() {
            sendSome();
        }

        @Override
        protected void handleWritabilityChanged() {
            if (isWritable()) {
                sendSome();
            } else {
                pauses++;
            }
        }

        private void sendSome() {
            byte[] chunk = new byte[8192];
            while (isWritable() && sent < total) {
                int n = (int) Math.min(chunk.length, total - sent);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) (sent + i);
                }
                push(chunk, 0, n);
                sent += n;
                maxQueued = Math.max(maxQueued, queuedOutputBytes());
            }
            if (sent == total) {
                closeWhenDone();
            }
        }
    }

    @Test
    void aSenderThatWatchesWritabilityStreamsAHundredMegabytesInBoundedMemory() throws Exception {
        LoopThread t = startLoop();
        long total = 100L << 20;
        AtomicReference<PoliteSender> channel = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            PoliteSender p = new PoliteSender(c, total);
            channel.set(p);
            return p;
        }));
        Socket reader = connect(server.port());
        reader.getOutputStream().write(bytes("go\n"));
        // The reader starts late, so the kernel's socket buffers fill and the sender's queue
        // stays over the high watermark at the end of a turn: the hook then sees the channel
        // unwritable. (A reader that keeps up from the start can drain every turn's output
        // within the turn, and the sender is never told to pause.)
        Thread.sleep(300);
        InputStream in = reader.getInputStream();
        byte[] buf = new byte[64 * 1024];
        long got = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] != (byte) (got + i)) {
                    throw new AssertionError("byte " + (got + i) + " corrupted");
                }
            }
            got += n;
        }
        assertEquals(total, got);
        PoliteSender p = channel.get();
        assertTrue(p.pauses > 0, "the high watermark paused the sender");
        assertTrue(p.maxQueued <= AsyncChat.DEFAULT_HIGH_WATERMARK + 8192, "queued output stayed near the"
                + " high watermark: " + p.maxQueued);
        System.out.println("ROBUSTNESS " + backendName() + " polite sender: 100 MiB intact, paused " + p.pauses
                + " times, queued at most " + p.maxQueued + " bytes");
    }

    @Test
    void pauseReadingStopsMidBufferAndResumeFramesTheRest() throws Exception {
        LoopThread t = startLoop();
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicReference<AsyncChat> channel = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            LineEcho e = new LineEcho(c) {
                @Override
                protected void onLine(byte[] line) {
                    lines.add(new String(line, StandardCharsets.ISO_8859_1).trim());
                    if (lines.size() == 1) {
                        pauseReading();
                    }
                }
            };
            channel.set(e);
            return e;
        }));
        Socket client = connect(server.port());
        client.getOutputStream().write(bytes("one\ntwo\nthree\n"));
        await("the first line", () -> lines.size() >= 1);
        for (int i = 0; i < 10; i++) {
            onLoop(t, () -> null);
            sleep(5);
        }
        assertEquals(List.of("one"), lines, "nothing more is framed while paused, even from the same read");
        assertTrue(onLoop(t, () -> channel.get().isReadingPaused()));
        onLoop(t, () -> {
            channel.get().resumeReading();
            return null;
        });
        await("all lines", () -> lines.size() == 3);
        assertEquals(List.of("one", "two", "three"), lines);
    }

    @Test
    void aHalfClosedPeerGetsItsAnswerThenEndOfStream() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, c -> new LineEcho(c) {
            @Override
            protected void handlePeerShutdown() {
                push(bytes("bye\n"));
                closeWhenDone();
            }
        }));
        Socket client = connect(server.port());
        client.getOutputStream().write(bytes("question\nlast words without newline"));
        client.shutdownOutput();
        InputStream in = client.getInputStream();
        assertEquals("question", readLine(in));
        assertEquals("bye", readLine(in));
        assertEquals(-1, in.read());
    }

    @Test
    void byDefaultAHalfCloseIsAClose() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Recording> channel = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Recording r = new Recording(c);
            channel.set(r);
            return r;
        }));
        Socket client = connect(server.port());
        client.shutdownOutput();
        assertEquals(-1, client.getInputStream().read());
        await("handleClose", () -> channel.get() != null && channel.get().closes.get() == 1);
    }

    @Test
    void ourOwnShutdownOutputWaitsForQueuedOutput() throws Exception {
        LoopThread t = startLoop();
        List<String> heard = new CopyOnWriteArrayList<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> new LineEcho(c) {
            @Override
            protected void onLine(byte[] line) {
                String s = new String(line, StandardCharsets.ISO_8859_1).trim();
                heard.add(s);
                if (s.equals("start")) {
                    push(bytes("x".repeat(200_000) + "\n"));
                    shutdownOutput();
                }
            }
        }));
        Socket client = connect(server.port());
        client.getOutputStream().write(bytes("start\n"));
        InputStream in = client.getInputStream();
        assertEquals(200_000, readLine(in).length(), "everything queued before the shutdown arrives");
        assertEquals(-1, in.read(), "then end of stream");
        client.getOutputStream().write(bytes("still heard\n"));
        await("the server still reads", () -> heard.contains("still heard"));
    }

    @Test
    void aPeerThatResetsMidWriteEndsAsAClose() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Recording> channel = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Recording r = new Recording(c) {
                @Override
                protected void onLine(byte[] line) {
                    push(new byte[8 << 20]);
                }
            };
            r.setMaxQueuedOutput(64L << 20);
            channel.set(r);
            return r;
        }));
        Socket client = connect(server.port());
        client.getOutputStream().write(bytes("flood me\n"));
        readExactly(client.getInputStream(), 1000);
        client.setSoLinger(true, 0);
        client.close(); // RST
        await("closed", () -> !channel.get().isOpen());
        assertEquals(List.of(), channel.get().errors, "a reset is a close, not an error");
        assertEquals(1, channel.get().closes.get());
    }

    @Test
    void aSlowlorisPeerIsStoppedByTheRequestTimer() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Recording> channel = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Recording r = new Recording(c) {
                private boolean timing;

                @Override
                public void collectIncomingData(ByteBuffer data) {
                    if (!timing) {
                        timing = true;
                        startRequestTimer(Duration.ofMillis(700));
                    }
                    super.collectIncomingData(data);
                }

                @Override
                protected void onLine(byte[] line) {
                    timing = false;
                    cancelRequestTimer();
                    push(line);
                }
            };
            channel.set(r);
            return r;
        }));
        Socket fast = connect(server.port());
        fast.getOutputStream().write(bytes("quick\n"));
        assertEquals("quick", readLine(fast.getInputStream()), "a prompt request is answered");
        Socket slow = connect(server.port());
        OutputStream out = slow.getOutputStream();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < 50; i++) {
                out.write('s'); // one byte at a time, each well inside any idle timeout
                sleep(100);
            }
        } catch (IOException closedOnUs) {
            // expected
        }
        assertEquals(-1, slow.getInputStream().read(), "the slow peer was closed");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Recording r = channel.get();
        assertInstanceOf(ChannelTimeoutException.class, r.errors.get(0));
        System.out.println("ROBUSTNESS " + backendName() + " slowloris: closed after " + ms + " ms (timer 700 ms)");
    }

    @Test
    void pushingOnAClosedChannelSaysSo() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Recording> channel = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Recording r = new Recording(c);
            channel.set(r);
            return r;
        }));
        connect(server.port());
        await("accepted", () -> channel.get() != null);
        ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> onLoop(t, () -> {
            channel.get().close();
            channel.get().push(bytes("too late"));
            return null;
        }));
        assertTrue(e.getMessage().startsWith("push on "), e.getMessage());
        assertTrue(e.getMessage().contains("which is closed; check isOpen() first"), e.getMessage());
        channel.get().push(bytes("handed over late: dropped quietly")); // from this thread: no exception
        assertEquals("alive", onLoop(t, () -> "alive"));
    }

    @Test
    void gracefulShutdownFinishesQueuedOutputAndForcesTheRestAtTheDeadline() throws Exception {
        LoopThread t = startLoop();
        // More than loopback's kernel buffers hold, so the sleeper's reply cannot all be sent.
        byte[] reply = new byte[24 << 20];
        new java.util.Random(9).nextBytes(reply);
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            LineEcho e = new LineEcho(c) {
                @Override
                protected void onLine(byte[] line) {
                    push(reply);
                }
            };
            e.setMaxQueuedOutput(64L << 20);
            return e;
        }));
        int port = server.port();
        Socket reader = connect(port);
        Socket sleeper = connect(port);
        reader.getOutputStream().write(bytes("give\n"));
        sleeper.getOutputStream().write(bytes("give\n"));
        readExactly(reader.getInputStream(), 1);
        long start = System.nanoTime();
        CompletableFuture<Void> done = t.loop.shutdownGracefully(Duration.ofSeconds(2));
        byte[] rest = readToEnd(reader.getInputStream());
        assertEquals(reply.length - 1, rest.length, "a reading peer gets everything queued, then end of stream");
        assertArrayEquals(java.util.Arrays.copyOfRange(reply, 1, reply.length), rest);
        done.get(20, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(t.loop.isClosed());
        assertTrue(ms >= 1500, "the sleeping peer held the loop until the deadline: " + ms + " ms");
        assertThrows(ConnectException.class, () -> new Socket().connect(new InetSocketAddress(HOST, port), 2000),
                "nothing is accepted any more");
        System.out.println("ROBUSTNESS " + backendName() + " graceful shutdown: completed after " + ms
                + " ms (deadline 2000 ms, one peer not reading)");
    }

    @Test
    void tenThousandMisbehavingPeersLeakNoFileDescriptors() throws Exception {
        java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fds),
                "skipped: no /proc/self/fd on this OS to count descriptors");
        LoopThread t = startLoop();
        AtomicInteger served = new AtomicInteger();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            served.incrementAndGet();
            return new LineEcho(c);
        }));
        int port = server.port();
        // Warm up: the first connections open lazily-created descriptors (selector pipes, jars).
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket(HOST, port)) {
                s.getOutputStream().write(bytes("w\n"));
                readLine(s.getInputStream());
            }
        }
        await("warm-up connections closed", () -> channelsOf(t) == 1);
        long before = countFds(fds);
        int peers = 10_000;
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int id = k;
            work.add(pool.submit(() -> {
                for (int i = id; i < peers; i += threads) {
                    misbehave(port, i % 4);
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> w : work) {
            w.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        await("every server-side channel closed", () -> channelsOf(t) == 1);
        // A closed socket's descriptor may be released a poll later (java.nio defers it to the
        // selector's next select), so allow the count a moment to come back.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long after = countFds(fds);
        while (after > before && System.nanoTime() < deadline) {
            onLoop(t, () -> null); // one more loop turn
            sleep(50);
            after = countFds(fds);
        }
        System.out.println("ROBUSTNESS " + backendName() + " fd leak: " + peers + " peers (reset, half-close,"
                + " vanish, echo); open fds before " + before + ", after " + after);
        assertTrue(after <= before, "no descriptor leaked: " + before + " before, " + after + " after: "
                + describeFds(fds));
        assertTrue(served.get() >= peers, "every peer was accepted");
    }

    private static int channelsOf(LoopThread t) {
        try {
            return t.call(t.loop::channelCount);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String describeFds(java.nio.file.Path fds) throws IOException {
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        try (var s = java.nio.file.Files.list(fds)) {
            for (java.nio.file.Path fd : (Iterable<java.nio.file.Path>) s::iterator) {
                String target;
                try {
                    target = java.nio.file.Files.readSymbolicLink(fd).toString().replaceAll("\\[\\d+\\]", "");
                } catch (IOException gone) {
                    continue;
                }
                kinds.merge(target, 1, Integer::sum);
            }
        }
        return kinds.toString();
    }

    private static long countFds(java.nio.file.Path fds) throws IOException {
        try (var s = java.nio.file.Files.list(fds)) {
            return s.count();
        }
    }

    /** One misbehaving peer: 0 resets, 1 half-closes, 2 connects and vanishes, 3 behaves. */
    private static void misbehave(int port, int kind) throws IOException {
        try (Socket s = new Socket(HOST, port)) {
            s.setSoTimeout(20_000);
            switch (kind) {
                case 0 -> {
                    s.getOutputStream().write(bytes("partial line"));
                    s.setSoLinger(true, 0);
                }
                case 1 -> {
                    s.getOutputStream().write(bytes("x\n"));
                    s.shutdownOutput();
                    s.getInputStream().readAllBytes();
                }
                case 2 -> {
                }
                default -> {
                    s.getOutputStream().write(bytes("hello\n"));
                    if (!"hello".equals(readLine(s.getInputStream()))) {
                        throw new IOException("wrong echo");
                    }
                }
            }
        }
    }
}

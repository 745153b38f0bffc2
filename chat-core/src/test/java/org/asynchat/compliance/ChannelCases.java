package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.Terminator;
import org.junit.jupiter.api.Test;

/** Input behaviour beyond asyncore: what this framework promises on top. */
public abstract class ChannelCases extends ComplianceBase {

    /** Records frames and the terminator switches a test asks for. */
    static class Framing extends AsyncChat {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream current = new ByteArrayOutputStream();
        final List<Long> countsSeen = new ArrayList<>();
        int largestCollect;
        volatile boolean closed;

        Framing(AcceptedConnection c, Terminator first) {
            super(c);
            setTerminator(first);
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            largestCollect = Math.max(largestCollect, data.remaining());
            byte[] b = new byte[data.remaining()];
            data.get(b);
            current.writeBytes(b);
            if (getTerminator() instanceof Terminator.Count c) {
                countsSeen.add(c.count());
            }
        }

        @Override
        public void foundTerminator() {
            frames.add(current.toString(StandardCharsets.ISO_8859_1));
            current.reset();
            next(frames.size());
        }

        /** Called after frame {@code n} (1-based) to switch terminators. */
        void next(int n) {
        }

        String pending() {
            return current.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        protected void handleClose() {
            closed = true;
            super.handleClose();
        }
    }

    private <T extends AsyncChat> T acceptOne(LoopThread t, Socket[] client,
            java.util.function.Function<AcceptedConnection, T> factory) throws Exception {
        AtomicReference<T> made = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            T ch = factory.apply(c);
            made.set(ch);
            return ch;
        }));
        client[0] = connect(server.port());
        await("the connection is accepted", () -> made.get() != null);
        return made.get();
    }

    @Test
    void heldBackPrefixIsDeliveredWhenThePeerCloses() throws Exception {
        LoopThread t = startLoop();
        Socket[] client = new Socket[1];
        Framing f = acceptOne(t, client, c -> new Framing(c, Terminator.of("\r\n")));
        client[0].getOutputStream().write(bytes("line\r\nbye\r"));
        client[0].close();
        await("the channel closed", () -> f.closed);
        assertEquals(List.of("line"), f.frames);
        assertEquals("bye\r", onLoop(t, f::pending), "asynchat would lose the \\r");
    }

    @Test
    void anExceptionInOneChannelReachesItsHandleErrorAndTheOthersGoOn() throws Exception {
        LoopThread t = startLoop();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> new LineEcho(c) {
            @Override
            protected void onLine(byte[] line) {
                if (new String(line, StandardCharsets.ISO_8859_1).startsWith("boom")) {
                    throw new IllegalStateException("boom requested by the test");
                }
                super.onLine(line);
            }

            @Override
            protected void handleError(Throwable error) {
                errors.add(error);
                super.handleError(error);
            }
        }));
        Socket good = connect(server.port());
        Socket bad = connect(server.port());
        good.getOutputStream().write(bytes("before\n"));
        assertEquals("before", readLine(good.getInputStream()));
        bad.getOutputStream().write(bytes("boom\n"));
        assertEquals(-1, bad.getInputStream().read(), "the failing channel is closed by the default handleError");
        await("handleError saw the exception", () -> errors.size() == 1);
        assertInstanceOf(IllegalStateException.class, errors.get(0));
        good.getOutputStream().write(bytes("after\n"));
        assertEquals("after", readLine(good.getInputStream()), "the other channel goes on");
        Socket late = connect(server.port());
        late.getOutputStream().write(bytes("new\n"));
        assertEquals("new", readLine(late.getInputStream()), "the listener goes on");
    }

    @Test
    void aTerminatorChangedInsideFoundTerminatorAppliesToTheRestOfTheSameRead() throws Exception {
        LoopThread t = startLoop();
        Socket[] client = new Socket[1];
        Framing f = acceptOne(t, client, c -> new Framing(c, Terminator.of("\r\n\r\n")) {
            @Override
            void next(int n) {
                setTerminator(n == 1 ? Terminator.count(5) : Terminator.of("\n"));
            }
        });
        client[0].getOutputStream().write(bytes("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello\nnext\n"));
        await("four frames", () -> f.frames.size() >= 4);
        assertEquals(List.of("POST / HTTP/1.1\r\nContent-Length: 5", "hello", "", "next"), f.frames);
    }

    @Test
    void aByteCountSpansManyReadsAndCountsDown() throws Exception {
        LoopThread t = startLoop();
        Socket[] client = new Socket[1];
        int size = 1_000_000;
        Framing f = acceptOne(t, client, c -> new Framing(c, Terminator.count(size)) {
            @Override
            void next(int n) {
                setTerminator(Terminator.of("\n"));
            }
        });
        byte[] body = new byte[size];
        new Random(7).nextBytes(body);
        body[body.length - 1] = 'x';
        OutputStream out = client[0].getOutputStream();
        out.write(body);
        out.write(bytes("tail\n"));
        await("two frames", () -> f.frames.size() >= 2);
        assertArrayEquals(body, f.frames.get(0).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("tail", f.frames.get(1));
        List<Long> counts = onLoop(t, () -> new ArrayList<>(f.countsSeen));
        assertTrue(counts.size() >= size / AsyncChat.DEFAULT_BUFFER_SIZE - 1,
                "the body arrived in many reads: " + counts.size());
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i) < counts.get(i - 1), "getTerminator() counts down");
        }
        // As in asynchat, each collect happens before the count goes down: the first sees all of it
        // (foundTerminator's 0 is CountDownCases').
        assertEquals((long) size, counts.get(0), "the first collect sees the whole count");
    }

    @Test
    void inBufferSizeBoundsEachRead() throws Exception {
        LoopThread t = startLoop();
        Socket[] client = new Socket[1];
        Framing small = acceptOne(t, client, c -> {
            Framing f = new Framing(c, Terminator.of("\n"));
            f.setInBufferSize(3);
            return f;
        });
        client[0].getOutputStream().write(bytes("a line longer than three bytes\n"));
        await("one frame", () -> small.frames.size() == 1);
        assertEquals("a line longer than three bytes", small.frames.get(0));
        assertTrue(onLoop(t, () -> small.largestCollect) <= 3, "no read takes more than ac_in_buffer_size");
    }

    @Test
    void pushFromOtherThreadsKeepsEachThreadsOrder() throws Exception {
        LoopThread t = startLoop();
        Socket[] client = new Socket[1];
        Framing f = acceptOne(t, client, c -> new Framing(c, Terminator.none()));
        int threads = 4;
        int lines = 2000;
        List<Thread> pushers = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int id = k;
            Thread p = new Thread(() -> {
                for (int i = 0; i < lines; i++) {
                    f.push(bytes(id + ":" + i + "\n"));
                }
            });
            pushers.add(p);
            p.start();
        }
        for (Thread p : pushers) {
            p.join();
        }
        f.closeWhenDone();
        InputStream in = client[0].getInputStream();
        int[] next = new int[threads];
        int total = 0;
        String line;
        while ((line = readLine(in)) != null) {
            String[] parts = line.split(":");
            int id = Integer.parseInt(parts[0]);
            assertEquals(next[id], Integer.parseInt(parts[1]), "thread " + id + "'s pushes arrive in order");
            next[id]++;
            total++;
        }
        assertEquals(threads * lines, total, "nothing is lost");
    }

    @Test
    void idleTimeoutClosesASilentChannelButNotAnActiveOne() throws Exception {
        LoopThread t = startLoop();
        AtomicInteger timeouts = new AtomicInteger();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            LineEcho e = new LineEcho(c) {
                @Override
                protected void handleIdleTimeout() {
                    timeouts.incrementAndGet();
                    super.handleIdleTimeout();
                }
            };
            e.setIdleTimeout(Duration.ofMillis(1500));
            return e;
        }));
        Socket active = connect(server.port());
        Socket silent = connect(server.port());
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            active.getOutputStream().write(bytes("tick\n"));
            assertEquals("tick", readLine(active.getInputStream()));
            sleep(150);
        }
        assertEquals(-1, silent.getInputStream().read(), "the silent peer is closed");
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(1500).toNanos(), "not before its timeout");
        active.getOutputStream().write(bytes("still here\n"));
        assertEquals("still here", readLine(active.getInputStream()), "the active peer is not");
        assertEquals(1, timeouts.get());
    }

    @Test
    void aPeerThatStopsReadingGoesIdleWhileTheChannelKeepsPushingToIt() throws Exception {
        // A broadcast keeps pushing to a member that stopped reading; flushing into its full
        // socket writes nothing, which is not activity (only write progress is).
        LoopThread t = startLoop();
        AtomicInteger timeouts = new AtomicInteger();
        AtomicInteger pushes = new AtomicInteger();
        byte[] chunk = bytes("x".repeat(1023) + "\n");
        int port = onLoop(t, () -> listen(t.loop, c -> {
            LineEcho e = new LineEcho(c) {
                @Override
                protected void handleIdleTimeout() {
                    timeouts.incrementAndGet();
                    super.handleIdleTimeout();
                }
            };
            try {
                e.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            e.setIdleTimeout(Duration.ofMillis(1000));
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                if (e.isOpen()) {
                    e.push(chunk);
                    pushes.incrementAndGet();
                    t.loop.schedule(Duration.ofMillis(20), tick[0]);
                }
            };
            tick[0].run();
            return e;
        })).port();
        Socket peer = new Socket();
        peer.setReceiveBufferSize(4096);
        peer.connect(new InetSocketAddress(HOST, port), 10_000);
        closeLater(peer);
        await("the idle timeout closes the channel that pushes to a peer that reads nothing", () -> timeouts.get() == 1);
        assertTrue(pushes.get() > 10, "the channel kept pushing until then (" + pushes.get() + " pushes)");
    }

    @Test
    void channelMethodsOffTheLoopThreadSaySo() throws Exception {
        LoopThread t = startLoop();
        Socket[] client = new Socket[1];
        Framing f = acceptOne(t, client, c -> new Framing(c, Terminator.of("\n")));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> f.setTerminator(Terminator.none()));
        assertTrue(e.getMessage().contains("setTerminator"), e.getMessage());
        assertTrue(e.getMessage().contains("only push, pushWithProducer and closeWhenDone"), e.getMessage());
        assertNotNull(f.loop());
        f.push(bytes("push is fine\n"));
        assertEquals("push is fine", readLine(client[0].getInputStream()));
    }
}

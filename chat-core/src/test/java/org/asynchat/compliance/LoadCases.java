package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Many connections at once: concurrency, a soak, and the heap cost of idle connections. */
public abstract class LoadCases extends ComplianceBase {

    /** Soak duration in seconds ({@code -Dasynchat.soak.seconds}), 30 by default. */
    private static final int SOAK_SECONDS = Integer.getInteger("asynchat.soak.seconds", 30);

    @Test
    void fiveHundredConcurrentClientsEachGetTheirOwnFramesBack() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, LineEcho::new));
        int clients = 500;
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            sockets.add(connect(server.port()));
        }
        // All connected at once; each sends its own lines, split across writes.
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < clients; i++) {
                OutputStream out = sockets.get(i).getOutputStream();
                String line = "client " + i + " round " + round + " " + "x".repeat(i % 97);
                int half = line.length() / 2;
                out.write(bytes(line.substring(0, half)));
                out.write(bytes(line.substring(half) + "\n"));
            }
            for (int i = 0; i < clients; i++) {
                InputStream in = sockets.get(i).getInputStream();
                assertEquals("client " + i + " round " + round + " " + "x".repeat(i % 97), readLine(in));
            }
        }
        assertEquals(clients + 1, onLoop(t, t.loop::channelCount));
        for (Socket s : sockets) {
            s.close();
        }
        await("every connection closed", () -> {
            try {
                return onLoop(t, t.loop::channelCount) == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    /** One soak connection's state, driven by a JDK selector on the test thread. */
    private static final class SoakClient {
        SocketChannel channel;
        ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(4096);
        byte[] expected;
        long requests;
    }

    @Test
    void aSoakOfTwoThousandConnectionsWithRandomDisconnectsLosesNothing() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, LineEcho::new));
        InetSocketAddress address = new InetSocketAddress(HOST, server.port());
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int connections = 2000;
        long responses = 0;
        long reconnects = 0;
        try (Selector selector = Selector.open()) {
            List<SoakClient> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                SoakClient c = new SoakClient();
                open(c, address, selector, random);
                clients.add(c);
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SOAK_SECONDS);
            while (System.nanoTime() < end) {
                if (selector.select(1000) == 0) {
                    continue;
                }
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    SoakClient c = (SoakClient) key.attachment();
                    if (key.isWritable()) {
                        c.channel.write(c.out);
                        if (!c.out.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        int n = c.channel.read(c.in);
                        if (n < 0) {
                            throw new AssertionError("seed " + seed + ": the server closed a healthy connection");
                        }
                        if (c.in.position() < c.expected.length) {
                            continue;
                        }
                        byte[] got = new byte[c.in.position()];
                        c.in.flip().get(got).clear();
                        if (!java.util.Arrays.equals(c.expected, got)) {
                            throw new AssertionError("seed " + seed + ": response corrupted: expected "
                                    + new String(c.expected, StandardCharsets.ISO_8859_1) + " got "
                                    + new String(got, StandardCharsets.ISO_8859_1));
                        }
                        responses++;
                        c.requests++;
                        if (random.nextInt(50) == 0) {
                            key.cancel();
                            if (random.nextBoolean()) {
                                c.channel.socket().setSoLinger(true, 0); // some leave with a reset
                            }
                            c.channel.close();
                            open(c, address, selector, random);
                            reconnects++;
                        } else {
                            request(c, random);
                            key.interestOps(SelectionKey.OP_WRITE);
                        }
                    }
                }
            }
            for (SoakClient c : clients) {
                c.channel.close();
            }
        }
        System.out.println("ROBUSTNESS " + backend().name() + " soak: " + connections + " connections for "
                + SOAK_SECONDS + " s, " + responses + " responses checked, " + reconnects
                + " random disconnects, 0 lost or corrupted (seed " + seed + ")");
        assertTrue(responses > connections, "the soak made progress: " + responses + " responses");
        await("every server-side channel closed", () -> {
            try {
                return onLoop(t, t.loop::channelCount) == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static void open(SoakClient c, InetSocketAddress address, Selector selector, Random random)
            throws Exception {
        c.channel = SocketChannel.open(address);
        c.channel.configureBlocking(false);
        request(c, random);
        c.channel.register(selector, SelectionKey.OP_WRITE, c);
    }

    private static void request(SoakClient c, Random random) {
        StringBuilder line = new StringBuilder();
        line.append(c.requests).append(':');
        for (int i = random.nextInt(200); i > 0; i--) {
            line.append((char) ('a' + random.nextInt(26)));
        }
        line.append('\n');
        c.expected = line.toString().getBytes(StandardCharsets.ISO_8859_1);
        c.out = ByteBuffer.wrap(c.expected);
    }

    @Test
    void theHeapCostOfAnIdleConnectionIsMeasured() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, LineEcho::new));
        int count = 10_000;
        long before = settledHeap();
        List<String> command = new ArrayList<>(ChildJvm.javaCommand());
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
                IdleClients.class.getName(), HOST, String.valueOf(server.port()), String.valueOf(count)));
        Process clients = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String line = new BufferedReader(new InputStreamReader(clients.getInputStream())).readLine();
            assertEquals("connected " + count, line);
            await("all accepted", () -> {
                try {
                    return onLoop(t, t.loop::channelCount) == count + 1;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            long after = settledHeap();
            long perConnection = (after - before) / count;
            System.out.println("ROBUSTNESS " + backend().name() + " idle heap: " + count + " idle connections cost "
                    + (after - before) / 1024 + " KiB of heap, " + perConnection + " bytes each");
            assertTrue(perConnection < 8192, "an idle connection holds no buffer: " + perConnection + " bytes");
        } finally {
            clients.getOutputStream().close();
            clients.waitFor(30, TimeUnit.SECONDS);
            clients.destroyForcibly();
        }
    }

    /**
     * Accepting a connection, adopting it into an {@code AsyncChat} and echoing one short line
     * allocates on the loop thread what the channel keeps and the backend's socket object: a
     * few hundred bytes on epoll, about a kilobyte on java.nio (whose {@code SocketChannel}
     * comes with locks, addresses and a selection key). A buffer per connection, a string built
     * per accept or a registry copied per accept would pass the bound. The count is the loop
     * thread's allocated bytes ({@code ThreadMXBean}), read while the loop is idle: a count,
     * not a time, and it holds however the accept path is compiled (the bound allows for the
     * interpreter, which allocates what compiled code elides).
     */
    @Test
    void acceptingAndServingAConnectionAllocatesLittleOnTheLoopThread() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(allocatedBytes(Thread.currentThread().getId()) >= 0,
                "this JVM does not count allocated bytes per thread (ThreadMXBean.getThreadAllocatedBytes)");
        LoopThread t = startLoop();
        int port = onLoop(t, () -> new ShortLineListener(t.loop).localAddress().getPort());
        long loopThread = t.threadId();
        int warmup = 2000;
        int measured = 1000;
        List<Socket> held = new ArrayList<>(measured);
        try {
            for (int i = 0; i < warmup; i++) {
                try (Socket s = openAndEcho(port)) {
                    // served once, then closed
                }
            }
            await("the warm-up connections closed", () -> channelCount(t) == 1);
            long before = allocatedBytes(loopThread);
            for (int i = 0; i < measured; i++) {
                held.add(openAndEcho(port));
            }
            long after = allocatedBytes(loopThread);
            long perAccept = (after - before) / measured;
            System.out.println("ALLOCATION " + backend().name() + ": accepting a connection and echoing one line"
                    + " allocated " + perAccept + " bytes on the loop thread (" + measured + " connections)");
            assertEquals(measured + 1, channelCount(t), "every measured connection is held");
            assertTrue(perAccept < ACCEPT_ALLOCATION_BOUND, "accepting a connection and echoing one line allocated "
                    + perAccept + " bytes on the loop thread; the bound is " + ACCEPT_ALLOCATION_BOUND
                    + " (see BENCHMARKS.md, idle connections, for the breakdown)");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * The bytes a thread has allocated, or -1 where the JVM does not count them: HotSpot's
     * {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}, reached through the
     * platform MBean server so that this module needs only {@code java.management}.
     */
    private static long allocatedBytes(long threadId) {
        try {
            Object n = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName(ManagementFactory.THREAD_MXBEAN_NAME), "getThreadAllocatedBytes",
                    new Object[] {threadId}, new String[] {"long"});
            return (Long) n;
        } catch (javax.management.JMException | RuntimeException e) {
            return -1;
        }
    }

    /** Bytes per accepted and served connection: 4 times what epoll needs, 1.6 times java.nio. */
    private static final long ACCEPT_ALLOCATION_BOUND = 2048;

    private static Socket openAndEcho(int port) throws java.io.IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(HOST, port), 10_000);
        s.setSoTimeout(20_000);
        s.getOutputStream().write(PING_LINE);
        assertEquals("ping\n", new String(readExactly(s.getInputStream(), PING_LINE.length), StandardCharsets.US_ASCII));
        return s;
    }

    private static final byte[] PING_LINE = "ping\n".getBytes(StandardCharsets.US_ASCII);

    private static int channelCount(LoopThread t) {
        try {
            return onLoop(t, t.loop::channelCount);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Adopts every connection into a {@link ShortLineEcho}, keeping no list of its own. */
    private static final class ShortLineListener extends org.asynchat.Dispatcher {
        ShortLineListener(org.asynchat.EventLoop loop) throws java.io.IOException {
            super(loop);
            bind(new InetSocketAddress(HOST, 0));
            listen(512);
        }

        @Override
        protected void handleAccepted(org.asynchat.AcceptedConnection connection) {
            new ShortLineEcho(connection);
        }
    }

    /** Echoes lines as they come: keeps nothing but what every AsyncChat has. */
    private static final class ShortLineEcho extends org.asynchat.AsyncChat {
        private static final byte[] NEWLINE = {'\n'};
        private static final org.asynchat.Terminator LINE = org.asynchat.Terminator.of("\n");

        ShortLineEcho(org.asynchat.AcceptedConnection connection) {
            super(connection);
            setTerminator(LINE);
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            push(data);
        }

        @Override
        public void foundTerminator() {
            push(NEWLINE);
        }
    }

    private static long settledHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}

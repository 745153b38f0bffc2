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

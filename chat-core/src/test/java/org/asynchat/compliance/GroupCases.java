package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.asynchat.AcceptedConnection;
import org.asynchat.EventLoop;
import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A group of loops: connections spread over loops, and channels on different loops talking. */
public abstract class GroupCases extends ComplianceBase {

    private EventLoopGroup group(int size) {
        return closeLater(new EventLoopGroup(size, backend())).start();
    }

    /** Records, per loop, how many connections it got. */
    private static final class Counting {
        final Map<String, Integer> perLoop = new ConcurrentHashMap<>();

        LineEcho make(AcceptedConnection c) {
            perLoop.merge(c.loop().name(), 1, Integer::sum);
            assertTrue(c.loop().inEventLoop(), "the factory runs on the loop that owns the connection");
            return new LineEcho(c);
        }
    }

    private static void echoFromMany(int port, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                work.add(pool.submit(() -> {
                    try (Socket s = new Socket(HOST, port)) {
                        s.setSoTimeout(20_000);
                        for (int round = 0; round < 5; round++) {
                            String line = "client " + id + " round " + round;
                            s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                            assertEquals(line, readLine(s.getInputStream()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} loops")
    @ValueSource(ints = {1, 2, 4})
    void roundRobinSpreadsConnectionsEvenlyAndEveryClientIsServed(int size) throws Exception {
        EventLoopGroup group = group(size);
        Counting counting = new Counting();
        GroupListener listener = group.listen(new InetSocketAddress(HOST, 0), 512, counting::make);
        int clients = 200;
        echoFromMany(listener.localAddress().getPort(), clients);
        assertEquals(size, counting.perLoop.size(), "every loop got connections: " + counting.perLoop);
        for (int n : counting.perLoop.values()) {
            assertEquals(clients / size, n, "round-robin: " + counting.perLoop);
        }
    }

    @ParameterizedTest(name = "{0} loops")
    @ValueSource(ints = {2, 4})
    void soReusePortGivesEachLoopItsOwnListener(int size) throws Exception {
        EventLoopGroup group = group(size);
        Counting counting = new Counting();
        GroupListener listener;
        try {
            listener = group.listenReusePort(new InetSocketAddress(HOST, 0), 512, counting::make);
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "skipped: " + e.getMessage());
            return;
        }
        assertEquals(size, listener.listeners());
        echoFromMany(listener.localAddress().getPort(), 200);
        assertEquals(200, counting.perLoop.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(counting.perLoop.size() > 1, "the kernel spread connections over loops: " + counting.perLoop);
        listener.close();
    }

    @ParameterizedTest(name = "{0} loops")
    @ValueSource(ints = {2, 4})
    void leastConnectionsFillsTheEmptiestLoop(int size) throws Exception {
        EventLoopGroup group = group(size).distribution(EventLoopGroup.Distribution.LEAST_CONNECTIONS);
        Counting counting = new Counting();
        GroupListener listener = group.listen(new InetSocketAddress(HOST, 0), 512, counting::make);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < size * 10; i++) {
            Socket s = connect(listener.localAddress().getPort());
            s.getOutputStream().write(bytes("x\n"));
            assertEquals("x", readLine(s.getInputStream()));
            held.add(s);
        }
        for (int n : counting.perLoop.values()) {
            assertTrue(Math.abs(n - 10) <= 1, "connections are balanced: " + counting.perLoop);
        }
    }

    /** A chat room across loops: every line goes to every other member. */
    private static final class Room {
        final Set<LineEcho> members = ConcurrentHashMap.newKeySet();

        LineEcho join(AcceptedConnection c) {
            LineEcho member = new LineEcho(c) {
                @Override
                protected void onLine(byte[] line) {
                    for (LineEcho other : members) {
                        if (other != this) {
                            other.push(line); // often a channel of another loop: handed over
                        }
                    }
                }

                @Override
                protected void handleClose() {
                    members.remove(this);
                    super.handleClose();
                }
            };
            members.add(member);
            return member;
        }
    }

    @ParameterizedTest(name = "{0} loops")
    @ValueSource(ints = {1, 2, 4})
    void aBroadcastAcrossLoopsLosesAndReordersNothing(int size) throws Exception {
        EventLoopGroup group = group(size);
        Room room = new Room();
        GroupListener listener = group.listen(new InetSocketAddress(HOST, 0), 512, room::join);
        int members = 8;
        int lines = 300;
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            sockets.add(connect(listener.localAddress().getPort()));
        }
        await("everyone joined", () -> room.members.size() == members);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(members * 2);
        try {
            List<Future<Map<Integer, Integer>>> received = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                Socket s = sockets.get(i);
                int id = i;
                pool.submit(() -> {
                    go.await();
                    StringBuilder batch = new StringBuilder();
                    for (int n = 0; n < lines; n++) {
                        batch.append(id).append(':').append(n).append('\n');
                        if (n % 10 == 9) {
                            s.getOutputStream().write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                            batch.setLength(0);
                        }
                    }
                    return null;
                });
                received.add(pool.submit(() -> {
                    InputStream in = s.getInputStream();
                    Map<Integer, Integer> next = new HashMap<>();
                    for (int k = 0; k < (members - 1) * lines; k++) {
                        String line = readLine(in);
                        String[] parts = line.split(":");
                        int from = Integer.parseInt(parts[0]);
                        int n = Integer.parseInt(parts[1]);
                        int expected = next.getOrDefault(from, 0);
                        if (n != expected) {
                            throw new AssertionError("member " + id + " got line " + n + " of member " + from
                                    + " where " + expected + " was due");
                        }
                        next.put(from, n + 1);
                    }
                    return next;
                }));
            }
            go.countDown();
            for (Future<Map<Integer, Integer>> f : received) {
                Map<Integer, Integer> counts = f.get(60, TimeUnit.SECONDS);
                assertEquals(members - 1, counts.size());
                for (int c : counts.values()) {
                    assertEquals(lines, c, "every line of every other member arrived");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} loops")
    @ValueSource(ints = {2, 4})
    void timersIdleTimeoutsAndGracefulShutdownWorkAcrossTheGroup(int size) throws Exception {
        EventLoopGroup group = group(size);
        Set<String> timerThreads = ConcurrentHashMap.newKeySet();
        CountDownLatch timers = new CountDownLatch(size * 3);
        for (int i = 0; i < size * 3; i++) {
            group.schedule(Duration.ofMillis(20), () -> {
                timerThreads.add(Thread.currentThread().getName());
                timers.countDown();
            });
        }
        assertTrue(timers.await(10, TimeUnit.SECONDS));
        assertEquals(size, timerThreads.size(), "timers ran on every loop: " + timerThreads);

        GroupListener listener = group.listen(new InetSocketAddress(HOST, 0), 512, c -> {
            LineEcho e = new LineEcho(c);
            e.setIdleTimeout(Duration.ofMillis(300));
            return e;
        });
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < size * 2; i++) {
            idle.add(connect(listener.localAddress().getPort()));
        }
        for (Socket s : idle) {
            assertEquals(-1, s.getInputStream().read(), "idle connections on every loop time out");
        }
        Socket busy = connect(listener.localAddress().getPort());
        busy.getOutputStream().write(bytes("hi\n"));
        assertEquals("hi", readLine(busy.getInputStream()));
        group.shutdownGracefully(Duration.ofSeconds(5)).get(20, TimeUnit.SECONDS);
        for (EventLoop l : group.loops()) {
            assertTrue(l.isClosed(), l.name() + " closed");
        }
        assertEquals(-1, busy.getInputStream().read());
    }
}

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.asynchat.spi.Backend;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.Poller;
import org.asynchat.spi.ReadyHandler;
import org.asynchat.spi.SocketHandle;

/**
 * What each backend adds to the system calls an event loop makes, measured through the SPI
 * with no framework above it, alternating the backends round by round:
 * <ul>
 * <li>{@code read-empty}: one read of an empty socket (EAGAIN), the cheapest system call a
 * loop makes, so the backend's own cost shows most;
 * <li>{@code write+read}: 32 bytes written on one connected handle and read on its peer, the
 * two calls of one request/response leg;
 * <li>{@code poll-50}: one poll of 50 readable sockets, dispatching each (per event).
 * </ul>
 * It also prints the bytes each backend allocated on the heap over all three loops (the
 * steady state should allocate nothing).
 * Run (after {@code mvn -B package -DskipTests}) from the repository root:
 * <pre>
 * java -cp chat-core/target/classes:chat-nio-selector/target/classes:chat-epoll-jni/target/classes:$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar \
 *     chat-epoll-jni/bench/BackendOverhead.java [rounds=5]
 * </pre>
 */
public final class BackendOverhead {

    private static final int OPS = 1_000_000;
    private static final int POLLS = 100_000;
    private static final int SOCKETS = 50;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Backend[] backends = {new org.asynchat.epoll.EpollBackend(), new org.asynchat.nio.NioBackend()};
        String[] tests = {"read-empty", "write+read", "poll-50"};
        double[][][] ns = new double[tests.length][backends.length][rounds];
        long[] allocated = new long[backends.length];
        for (int r = 0; r < rounds; r++) {
            for (int b = 0; b < backends.length; b++) {
                double[] result = measure(backends[b]);
                allocated[b] = (long) result[tests.length];
                for (int t = 0; t < tests.length; t++) {
                    ns[t][b][r] = result[t];
                }
            }
        }
        for (int t = 0; t < tests.length; t++) {
            double e = median(ns[t][0]);
            double n = median(ns[t][1]);
            System.out.printf("%-11s epoll %7.1f ns, nio %7.1f ns (medians of %d rounds), nio - epoll %6.1f ns,"
                    + " nio/epoll %.2f%n", tests[t], e, n, rounds, n - e, n / e);
        }
        System.out.printf("heap allocated during the %d reads, %d write+reads and %d polls of the last round:"
                + " epoll %d bytes, nio %d bytes%n", OPS, OPS, POLLS, allocated[0], allocated[1]);
    }

    private static double[] measure(Backend backend) throws Exception {
        try (Poller poller = backend.openPoller()) {
            ListenerHandle listener = poller.openListener(StandardProtocolFamily.INET);
            listener.bind(new InetSocketAddress("127.0.0.1", 0), 0);
            SocketHandle[] clients = new SocketHandle[SOCKETS];
            SocketHandle[] servers = new SocketHandle[SOCKETS];
            for (int i = 0; i < SOCKETS; i++) {
                clients[i] = poller.openSocket(StandardProtocolFamily.INET);
                clients[i].connect(listener.localAddress());
                SocketHandle accepted;
                while ((accepted = listener.accept()) == null) {
                    Thread.onSpinWait();
                }
                servers[i] = accepted;
                while (!clients[i].finishConnect()) {
                    Thread.onSpinWait();
                }
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
            ByteBuffer message = ByteBuffer.allocateDirect(32);
            int[] events = {0};
            ReadyHandler count = (attachment, ops) -> events[0]++;
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

            long t0 = System.nanoTime();
            for (int i = 0; i < OPS; i++) {
                buffer.clear();
                servers[0].read(buffer);
            }
            double readEmpty = (System.nanoTime() - t0) / (double) OPS;

            t0 = System.nanoTime();
            for (int i = 0; i < OPS; i++) {
                message.clear();
                clients[1].write(message);
                buffer.clear();
                while (servers[1].read(buffer) == 0) {
                    Thread.onSpinWait(); // loopback delivers within the write; rarely taken
                }
            }
            double writeRead = (System.nanoTime() - t0) / (double) OPS;

            for (int i = 0; i < SOCKETS; i++) {
                message.clear().limit(1);
                clients[i].write(message);
                poller.register(servers[i], Poller.READ, servers[i]);
            }
            t0 = System.nanoTime();
            for (int i = 0; i < POLLS; i++) {
                poller.poll(0, count);
            }
            double perEvent = (System.nanoTime() - t0) / (double) events[0];
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (events[0] != POLLS * SOCKETS) {
                throw new AssertionError(backend.name() + " reported " + events[0] + " events");
            }
            for (int i = 0; i < SOCKETS; i++) {
                clients[i].close();
                servers[i].close();
            }
            listener.close();
            return new double[] {readEmpty, writeRead, perEvent, allocated};
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * A bounded closed-loop load client for a line echo server: N connections on one selector
 * thread, each sending one line and waiting for its echo before sending the next. Prints the
 * requests per second of the measured window. Neutral on purpose: plain java.nio, so both
 * server backends face the same client.
 *
 * <p>Given the server's process id, it also reports the server's CPU time (user + system,
 * from {@code /proc/PID/stat}) per request over the measured window: on a shared machine the
 * overhead per request is steadier than the throughput, which other processes' load moves.
 *
 * <p>Run with {@code java EchoLoad.java HOST PORT [connections=50] [seconds=10] [warmup=3]
 * [lineBytes=32] [serverPid]}; it stops by itself.
 */
public final class EchoLoad {

    private static final class Conn {
        final SocketChannel ch;
        final ByteBuffer out;
        final ByteBuffer in;
        Conn(SocketChannel ch, byte[] line) {
            this.ch = ch;
            this.out = ByteBuffer.allocateDirect(line.length).put(line).flip();
            this.in = ByteBuffer.allocateDirect(line.length);
        }
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        long seconds = args.length > 3 ? Long.parseLong(args[3]) : 10;
        long warmup = args.length > 4 ? Long.parseLong(args[4]) : 3;
        int lineBytes = args.length > 5 ? Integer.parseInt(args[5]) : 32;
        long serverPid = args.length > 6 ? Long.parseLong(args[6]) : -1;
        byte[] line = new byte[lineBytes];
        Arrays.fill(line, (byte) 'x');
        line[lineBytes - 1] = '\n';

        try (Selector selector = Selector.open()) {
            Conn[] conns = new Conn[connections];
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port));
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                conns[i] = new Conn(ch, line);
                ch.register(selector, SelectionKey.OP_READ, conns[i]);
                send(conns[i]);
            }
            long start = System.nanoTime();
            long measureFrom = start + warmup * 1_000_000_000L;
            long end = measureFrom + seconds * 1_000_000_000L;
            long counted = 0;
            boolean measuring = false;
            long cpuFrom = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (!measuring && now >= measureFrom) {
                    measuring = true;
                    counted = 0;
                    cpuFrom = cpuTicks(serverPid);
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    int n = c.ch.read(c.in);
                    if (n < 0) {
                        throw new IOException("the server closed a connection");
                    }
                    if (!c.in.hasRemaining()) { // the whole echo is back
                        c.in.clear();
                        counted++;
                        send(c);
                    }
                }
                selector.selectedKeys().clear();
            }
            long cpuTicks = cpuTicks(serverPid) - cpuFrom;
            double rps = counted / (double) seconds;
            // /proc counts in clock ticks of 10 ms (USER_HZ is 100 on Linux).
            double cpuUsPerRequest = serverPid < 0 ? Double.NaN : cpuTicks * 10_000.0 / counted;
            System.out.printf("rps=%.0f serverCpuUsPerRequest=%.2f connections=%d seconds=%d lineBytes=%d%n", rps,
                    cpuUsPerRequest, connections, seconds, lineBytes);
            for (Conn c : conns) {
                c.ch.close();
            }
        }
    }

    /** The user + system CPU ticks of a process so far, or 0 without one. */
    private static long cpuTicks(long pid) throws IOException {
        if (pid < 0) {
            return 0;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
    }

    /** Lines are small: one write takes them whole on loopback; the loop below is a guard. */
    private static void send(Conn c) throws IOException {
        c.out.rewind();
        while (c.out.hasRemaining()) {
            c.ch.write(c.out);
        }
    }
}

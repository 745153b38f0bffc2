package org.asynchat.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory an idle connection costs a server: its resident set (VmRSS) before and after
 * {@code n} idle loopback connections are opened, and for a JVM the live heap (the total of
 * {@code jcmd PID GC.class_histogram}, taken after a full GC), each divided by {@code n}.
 * Each connection sends one RESP {@code PING} and waits for the answer before the next is
 * opened, so every one has been accepted and served once (a connection still in the kernel's
 * accept queue would cost the server nothing and flatter it).
 */
final class IdleConnections {

    /** Bytes per idle connection; heap is NaN where the server is not a JVM. */
    record Cost(double rssBytes, double heapBytes) {
    }

    /** The last line of a class histogram: "Total", instances, bytes. */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private IdleConnections() {
    }

    static Cost measure(long pid, int port, int n) throws IOException, InterruptedException {
        settle();
        long rss0 = rss(pid);
        double heap0 = liveHeap(pid);
        List<SocketChannel> open = new ArrayList<>(n);
        try {
            ByteBuffer ping = ByteBuffer.wrap("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer reply = ByteBuffer.allocate(64);
            for (int i = 0; i < n; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                open.add(c);
                c.write(ping.clear());
                reply.clear();
                while (reply.position() < 7 && c.read(reply) > 0) {
                    // "+PONG\r\n"
                }
                if (reply.position() < 7) {
                    throw new IOException("connection " + i + " got no answer to PING");
                }
            }
            settle();
            long rss1 = rss(pid);
            double heap1 = liveHeap(pid);
            return new Cost((double) (rss1 - rss0) / n, (heap1 - heap0) / n);
        } finally {
            for (SocketChannel c : open) {
                c.close();
            }
        }
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(2000); // lets the server accept the backlog and go idle
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /**
     * Bytes of live objects, or NaN if the process is not a JVM that jcmd reaches: the total
     * of {@code GC.class_histogram}, which counts only what a full collection left alive. (Not
     * {@code GC.heap_info}: its layout depends on the collector, and a server pinned to one core
     * runs the serial collector, whose first "used" figure is the empty young generation.)
     */
    private static double liveHeap(long pid) throws InterruptedException {
        try {
            Matcher m = HISTOGRAM_TOTAL.matcher(jcmd(pid, "GC.class_histogram"));
            return m.find() ? Long.parseLong(m.group(1)) : Double.NaN;
        } catch (IOException notAJvm) {
            return Double.NaN;
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}

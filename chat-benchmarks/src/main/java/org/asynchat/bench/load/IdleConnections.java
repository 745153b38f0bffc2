package org.asynchat.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The memory an idle connection costs a server, read the way an operator would see it: the
 * server's resident set (VmRSS) at a baseline and after each checkpoint of idle loopback
 * connections (10,000, then 20,000 ...), divided by the connections.
 *
 * <p>Each connection sends one request ({@link Probe}) and waits for the answer before the next
 * is opened, so every one has been accepted and served once (a connection still in the
 * kernel's accept queue would cost the server nothing and flatter it). Before the baseline,
 * {@code warmup} connections are opened, served and closed, as a server that has run for a
 * while has: the accept path is compiled, and the one-time memory of compiling it (the JIT's
 * arenas, which glibc keeps after they are freed) is not charged to the idle connections.
 *
 * <p>Nothing between the baseline and the last checkpoint runs a collection: RSS, the resident
 * heap pages ({@code /proc/PID/smaps} over the heap's range) and the bytes the server's threads
 * allocated ({@code jcmd Thread.print -e}) are read without one. After the last RSS reading
 * come, in order, the native-memory diff (when the server runs with
 * {@code -XX:NativeMemoryTracking}), {@code System.trim_native_heap} (how much of the RSS was
 * freed C-heap that malloc kept), and a class histogram (a full collection); then every
 * connection is closed and a second histogram gives the live heap per connection as the
 * difference. The per-class difference, the native-memory diff and the raw readings go to a
 * log file.
 */
final class IdleConnections {

    /** What each connection sends once, and how many bytes the answer has. */
    record Probe(String name, byte[] request, int replyLength) {
        /** A RESP {@code PING}, answered {@code +PONG\r\n}. */
        static final Probe RESP = new Probe("resp", "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII), 7);
        /** A five-byte line, echoed back. */
        static final Probe ECHO = new Probe("echo", "ping\n".getBytes(StandardCharsets.US_ASCII), 5);

        static Probe named(String name) {
            return switch (name) {
                case "resp" -> RESP;
                case "echo" -> ECHO;
                default -> throw new IllegalArgumentException("--idle-probe must be resp or echo, got " + name);
            };
        }
    }

    /**
     * One checkpoint, in bytes per connection; NaN where it does not apply (no JVM; the live
     * heap and the trimmable C-heap are read at the last checkpoint only).
     *
     * @param rss VmRSS growth from the baseline, over all connections
     * @param rssMarginal VmRSS growth since the previous checkpoint, over the connections added
     * @param heapPages growth of the heap's resident pages from the baseline
     * @param allocated bytes allocated by the server's threads per connection added since the
     *        previous checkpoint (an accept and one answer each)
     * @param liveHeap live heap per connection (class histograms with and without them)
     * @param trimmable freed C-heap malloc kept, returned by {@code System.trim_native_heap}
     */
    record Checkpoint(int connections, double rss, double rssMarginal, double heapPages, double allocated,
            double liveHeap, double trimmable) {
    }

    /** A measurement: the server's collector ("-" when not a JVM) and its checkpoints. */
    record Result(String collector, List<Checkpoint> checkpoints) {
    }

    /** Descriptors a process may open beyond those it has and its idle connections (jcmd's socket). */
    private static final int DESCRIPTOR_SLACK = 16;

    private IdleConnections() {
    }

    static Result measure(long pid, int port, int[] checkpoints, int warmup, Probe probe, Path log)
            throws IOException, InterruptedException {
        ProcessMemory server = new ProcessMemory(pid);
        int most = checkpoints[checkpoints.length - 1];
        checkDescriptors(server, "the server", Math.max(most, warmup));
        checkDescriptors(ProcessMemory.self(), "this harness", Math.max(most, warmup));
        StringBuilder notes = new StringBuilder();
        int idleDescriptors = server.openDescriptors();
        if (warmup > 0) {
            List<Socket> first = new ArrayList<>(warmup);
            try {
                open(first, warmup, port, probe);
            } finally {
                closeAll(first);
            }
            server.awaitDescriptorsAtMost(idleDescriptors + DESCRIPTOR_SLACK, 60_000);
        }
        JvmDiagnostics jvm = JvmDiagnostics.attach(pid);
        String collector = "-";
        long[] heapRange = null;
        boolean nmt = false;
        if (jvm != null) {
            collector = jvm.collector();
            heapRange = jvm.heapRange();
            nmt = jvm.nativeMemoryBaseline();
        }
        settle();
        long allocated0 = jvm == null ? 0 : jvm.allocatedBytes();
        long rss0 = server.rss();
        long heap0 = heapRange == null ? 0 : server.residentIn(heapRange[0], heapRange[1]);
        notes.append(String.format(Locale.ROOT, "%s baseline after %d warm-up connections: collector %s, RSS %d, heap pages %d%n",
                LocalTime.now(), warmup, collector, rss0, heap0));
        List<Checkpoint> points = new ArrayList<>();
        List<Socket> open = new ArrayList<>(most);
        try {
            long previousRss = rss0;
            long previousAllocated = allocated0;
            int previous = 0;
            for (int n : checkpoints) {
                notes.append(LocalTime.now()).append(" opening connections ").append(previous + 1).append(" to ").append(n)
                        .append('\n');
                open(open, n, port, probe);
                notes.append(LocalTime.now()).append(" all ").append(n).append(" served\n");
                settle();
                long rss = server.rss();
                long heap = heapRange == null ? 0 : server.residentIn(heapRange[0], heapRange[1]);
                long allocated = jvm == null ? 0 : jvm.allocatedBytes();
                int added = n - previous;
                points.add(new Checkpoint(n, (double) (rss - rss0) / n, (double) (rss - previousRss) / added,
                        jvm == null ? Double.NaN : (double) (heap - heap0) / n,
                        jvm == null ? Double.NaN : (double) (allocated - previousAllocated) / added, Double.NaN, Double.NaN));
                notes.append(String.format(Locale.ROOT, "%s %d connections: RSS %d, heap pages %d, allocated %d%n",
                        LocalTime.now(), n, rss, heap, allocated));
                previousRss = rss;
                previousAllocated = allocated;
                previous = n;
            }
            if (jvm != null) {
                if (nmt) {
                    notes.append("\nNative memory at ").append(most).append(" connections against the baseline:\n")
                            .append(jvm.nativeMemoryDiff());
                }
                long trimmed = jvm.trimNativeHeap();
                JvmDiagnostics.Histogram loaded = jvm.liveHeap();
                closeAll(open);
                server.awaitDescriptorsAtMost(idleDescriptors + DESCRIPTOR_SLACK, 60_000);
                settle();
                JvmDiagnostics.Histogram unloaded = jvm.liveHeap();
                Checkpoint last = points.remove(points.size() - 1);
                points.add(new Checkpoint(last.connections(), last.rss(), last.rssMarginal(), last.heapPages(),
                        last.allocated(), (double) (loaded.totalBytes() - unloaded.totalBytes()) / most,
                        trimmed < 0 ? Double.NaN : (double) trimmed / most));
                notes.append("\nSystem.trim_native_heap gave back ").append(trimmed).append(" bytes\n");
                notes.append(histogramDifference(loaded, unloaded, most));
            }
        } finally {
            closeAll(open);
            Files.createDirectories(log.getParent());
            Files.writeString(log, notes);
        }
        return new Result(collector, points);
    }

    /** Opens connections until {@code into} holds {@code n}, each served one probe (10 s at most). */
    private static void open(List<Socket> into, int n, int port, Probe probe) throws IOException {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        byte[] reply = new byte[probe.replyLength()];
        while (into.size() < n) {
            Socket c = new Socket();
            into.add(c);
            c.connect(server, 10_000);
            c.setSoTimeout(10_000);
            c.getOutputStream().write(probe.request());
            int got = 0;
            try {
                for (int r; got < reply.length && (r = c.getInputStream().read(reply, got, reply.length - got)) > 0; ) {
                    got += r;
                }
            } catch (SocketTimeoutException e) {
                // reported below
            }
            if (got < reply.length) {
                throw new IOException("connection " + into.size() + " got " + got + " of the " + reply.length
                        + " bytes of the answer to its " + probe.name() + " probe within 10 s");
            }
        }
    }

    private static void closeAll(List<Socket> open) throws IOException {
        for (Socket c : open) {
            c.close();
        }
        open.clear();
    }

    /** Fails, saying what to do, when a process cannot hold {@code n} more descriptors. */
    private static void checkDescriptors(ProcessMemory process, String who, int n) throws IOException {
        long[] limits = process.descriptorLimits();
        int open = process.openDescriptors();
        if (open + n + DESCRIPTOR_SLACK > limits[0]) {
            throw new IOException(String.format(Locale.ROOT,
                    "%d idle connections need %d descriptors in %s, which has %d open and may open %d (ulimit -n; the"
                            + " hard limit is %s): raise the limit in the shell that starts the harness (ulimit -n %d)"
                            + " or measure fewer connections",
                    n, n + DESCRIPTOR_SLACK, who, open, limits[0],
                    limits[1] == Long.MAX_VALUE ? "unlimited" : Long.toString(limits[1]), open + n + DESCRIPTOR_SLACK));
        }
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(2000); // lets the server finish its turn and go idle
    }

    /** The classes whose live bytes grew most with the connections, per connection. */
    private static String histogramDifference(JvmDiagnostics.Histogram with, JvmDiagnostics.Histogram without, int n) {
        Set<String> names = new HashSet<>(with.byClass().keySet());
        names.addAll(without.byClass().keySet());
        long[] none = {0, 0};
        List<String> sorted = names.stream()
                .sorted(Comparator.comparingLong((String c) -> without.byClass().getOrDefault(c, none)[1]
                        - with.byClass().getOrDefault(c, none)[1]))
                .toList();
        // the 16 that grew most, and the 4 that shrank most (garbage of the warm-up, caches)
        List<String> ranked = new ArrayList<>(sorted.subList(0, Math.min(16, sorted.size())));
        sorted.subList(Math.max(ranked.size(), sorted.size() - 4), sorted.size()).forEach(ranked::add);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%nLive heap with minus without the %d connections (class histograms), per connection:%n"
                        + "%12s %12s  %s%n", n, "instances", "bytes", "class"));
        for (String c : ranked) {
            long[] a = with.byClass().getOrDefault(c, none);
            long[] b = without.byClass().getOrDefault(c, none);
            sb.append(String.format(Locale.ROOT, "%12.2f %12.1f  %s%n", (double) (a[0] - b[0]) / n,
                    (double) (a[1] - b[1]) / n, c));
        }
        sb.append(String.format(Locale.ROOT, "%12s %12.1f  total%n", "",
                (double) (with.totalBytes() - without.totalBytes()) / n));
        return sb.toString();
    }
}

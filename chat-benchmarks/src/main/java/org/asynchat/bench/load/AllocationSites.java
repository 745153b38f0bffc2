package org.asynchat.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a server allocates per accepted idle connection, object by object: reads a flight
 * recording of every allocation (the server run with {@code -XX:-UseTLAB}, so that each one
 * is a {@code jdk.ObjectAllocationOutsideTLAB} event with its stack) and sums the bytes by
 * class and allocating site over the first checkpoint of an idle-connection log of the
 * harness ({@code opening connections 1 to N} ... {@code all N served}), per connection.
 *
 * <pre>
 * --server 'asynchat-epoll=java -XX:-UseTLAB -XX:StartFlightRecording:settings=none,+jdk.ObjectAllocationOutsideTLAB#enabled=true,+jdk.ObjectAllocationOutsideTLAB#stackTrace=true,filename=/tmp/echo.jfr -jar chat-examples.jar echo --port {port}'
 * java -cp benchmarks.jar org.asynchat.bench.load.AllocationSites /tmp/echo.jfr OUT/logs/asynchat-epoll-round1-idle.txt
 * </pre>
 *
 * Without TLABs the JIT still removes what escape analysis removes, so the sum is what the
 * server allocates; the harness's {@code Thread.print -e} counts (with TLABs) agree within a
 * few bytes. Diagnostics only: a server without TLABs is slower.
 */
public final class AllocationSites {

    private static final Pattern OPENING = Pattern.compile("(?m)^(\\S+) opening connections 1 to (\\d+)$");
    private static final Pattern SERVED = Pattern.compile("(?m)^(\\S+) all (\\d+) served$");

    private AllocationSites() {
    }

    /**
     * Prints the sites.
     *
     * @param args the recording, the harness's idle log of the same server, and optionally a
     *        thread-name prefix (default: every thread but the Attach Listener)
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: AllocationSites RECORDING.jfr IDLE_LOG [THREAD_PREFIX]");
            System.exit(2);
        }
        String log = Files.readString(Path.of(args[1]));
        Matcher from = OPENING.matcher(log);
        Matcher to = SERVED.matcher(log);
        if (!from.find() || !to.find()) {
            throw new IOException(args[1] + " has no 'opening connections 1 to N' ... 'all N served' lines");
        }
        LocalDate day = LocalDate.ofInstant(Files.getLastModifiedTime(Path.of(args[1])).toInstant(), ZoneId.systemDefault());
        Instant start = LocalTime.parse(from.group(1)).atDate(day).atZone(ZoneId.systemDefault()).toInstant();
        Instant end = LocalTime.parse(to.group(1)).atDate(day).atZone(ZoneId.systemDefault()).toInstant();
        int connections = Integer.parseInt(to.group(2));
        String thread = args.length > 2 ? args[2] : null;
        Map<String, long[]> sites = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ObjectAllocationOutsideTLAB")
                    || e.getStartTime().isBefore(start) || e.getStartTime().isAfter(end) || e.getThread() == null) {
                continue;
            }
            String name = e.getThread().getJavaName();
            if (thread != null ? name == null || !name.startsWith(thread) : "Attach Listener".equals(name)) {
                continue;
            }
            long size = e.getLong("allocationSize");
            total += size;
            long[] site = sites.computeIfAbsent(e.getClass("objectClass").getName() + "  <-  " + site(e), k -> new long[2]);
            site[0]++;
            site[1] += size;
        }
        System.out.printf(Locale.ROOT, "%d connections, %s to %s: %.1f bytes allocated per connection%n%n", connections,
                from.group(1), to.group(1), (double) total / connections);
        System.out.printf(Locale.ROOT, "%10s %10s  %s%n", "objects", "bytes", "class  <-  allocated in");
        sites.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(30)
                .forEach(s -> System.out.printf(Locale.ROOT, "%10.2f %10.1f  %s%n", (double) s.getValue()[0] / connections,
                        (double) s.getValue()[1] / connections, s.getKey()));
    }

    /** The allocating frame, and the first frame of asynchat's own code below it when that differs. */
    private static String site(RecordedEvent e) {
        if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
            return "?";
        }
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        String top = method(frames.get(0));
        for (RecordedFrame f : frames) {
            String m = method(f);
            if (m.startsWith("org.asynchat.") || m.startsWith("io.netty.")) {
                return m.equals(top) ? top : top + "  <-  " + m;
            }
        }
        return top;
    }

    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}

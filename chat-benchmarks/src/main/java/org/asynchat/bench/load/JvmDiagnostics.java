package org.asynchat.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code jcmd} tells about a server JVM, each call named by what it costs the server:
 * {@link #heapRange()}, {@link #collector()}, {@link #allocatedBytes()} and the native-memory
 * calls read state without a collection; {@link #liveHeap()} runs a full collection (it counts
 * only what survives one), so a measurement calls it only after its last memory reading.
 * Every call runs in the server's {@code Attach Listener} thread, which the allocation count
 * leaves out.
 */
final class JvmDiagnostics {

    /** A class histogram: bytes and instances per class name, and the total bytes. */
    record Histogram(long totalBytes, Map<String, long[]> byClass) {
    }

    private static final Pattern HEX = Pattern.compile("0x([0-9a-f]+)");
    private static final Pattern COLLECTOR = Pattern.compile("-XX:\\+Use(\\w+)GC\\b");
    /** A thread of {@code Thread.print -e}: its name and {@code allocated=} with its unit. */
    private static final Pattern THREAD_ALLOCATED = Pattern.compile("(?m)^\"([^\"]*)\".*? allocated=(\\d+)([BKMG])");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    private static final Pattern TRIMMED = Pattern.compile("\\(-(\\d+)([BKMG])\\)");

    private final long pid;

    private JvmDiagnostics(long pid) {
        this.pid = pid;
    }

    /** The server's diagnostics, or null when it is not a JVM that jcmd reaches. */
    static JvmDiagnostics attach(long pid) throws InterruptedException {
        JvmDiagnostics jvm = new JvmDiagnostics(pid);
        try {
            jvm.jcmd("VM.version");
            return jvm;
        } catch (IOException notAJvm) {
            return null;
        }
    }

    /** The Java heap's address range {@code [from, to)}, from {@code GC.heap_info}. */
    long[] heapRange() throws IOException, InterruptedException {
        String info = jcmd("GC.heap_info");
        int metaspace = info.indexOf("Metaspace");
        Matcher m = HEX.matcher(metaspace < 0 ? info : info.substring(0, metaspace));
        long from = Long.MAX_VALUE;
        long to = 0;
        while (m.find()) {
            long a = Long.parseUnsignedLong(m.group(1), 16);
            from = Math.min(from, a);
            to = Math.max(to, a);
        }
        if (to == 0) {
            throw new IOException("GC.heap_info of " + pid + " names no heap range:\n" + info);
        }
        return new long[] {from, to};
    }

    /** The collector's name ({@code G1}, {@code Serial}, ...) from the JVM's flags. */
    String collector() throws IOException, InterruptedException {
        Matcher m = COLLECTOR.matcher(jcmd("VM.flags"));
        return m.find() ? m.group(1) : "?";
    }

    /**
     * Bytes allocated so far by the JVM's threads other than the {@code Attach Listener} (where
     * jcmd itself runs), from {@code Thread.print -e}. Precision: 1 KiB per thread, 1 MiB per
     * thread that has allocated over 100 MiB (how the JVM prints it).
     */
    long allocatedBytes() throws IOException, InterruptedException {
        Matcher m = THREAD_ALLOCATED.matcher(jcmd("Thread.print", "-e"));
        long sum = 0;
        boolean any = false;
        while (m.find()) {
            any = true;
            if (!m.group(1).equals("Attach Listener")) {
                sum += Long.parseLong(m.group(2)) * unit(m.group(3));
            }
        }
        if (!any) {
            throw new IOException("Thread.print -e of " + pid + " shows no allocated= counts (needs JDK 13 or later)");
        }
        return sum;
    }

    /** Starts a native-memory baseline; false when the JVM runs without -XX:NativeMemoryTracking. */
    boolean nativeMemoryBaseline() throws IOException, InterruptedException {
        return !jcmd("VM.native_memory", "baseline").contains("not enabled");
    }

    /** The native-memory summary against the baseline ({@code VM.native_memory summary.diff}). */
    String nativeMemoryDiff() throws IOException, InterruptedException {
        return jcmd("VM.native_memory", "summary.diff");
    }

    /**
     * Gives the C-heap that malloc keeps after {@code free} back to the system
     * ({@code System.trim_native_heap}): the bytes of RSS this returned, or -1 where the JVM
     * lacks the command.
     */
    long trimNativeHeap() throws IOException, InterruptedException {
        String out;
        try {
            out = jcmd("System.trim_native_heap");
        } catch (IOException unknownCommand) {
            return -1;
        }
        Matcher m = TRIMMED.matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) * unit(m.group(2)) : 0;
    }

    /**
     * The live heap after a full collection ({@code GC.class_histogram}): the smallest of four
     * histograms. The serial collector's full collection may leave up to
     * {@code MarkSweepDeadRatio} (5 %) of the old generation dead, as {@code int[]} fillers that
     * a histogram counts, and compacts everything only every {@code MarkSweepAlwaysCompactCount}
     * (4th) time.
     */
    Histogram liveHeap() throws IOException, InterruptedException {
        Histogram least = null;
        for (int i = 0; i < 4; i++) {
            Histogram h = histogram();
            if (least == null || h.totalBytes() < least.totalBytes()) {
                least = h;
            }
        }
        return least;
    }

    private Histogram histogram() throws IOException, InterruptedException {
        String out = jcmd("GC.class_histogram");
        Matcher total = HISTOGRAM_TOTAL.matcher(out);
        if (!total.find()) {
            throw new IOException("GC.class_histogram of " + pid + " has no Total line");
        }
        Map<String, long[]> byClass = new HashMap<>();
        Matcher row = HISTOGRAM_ROW.matcher(out);
        while (row.find()) {
            byClass.merge(row.group(3), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        return new Histogram(Long.parseLong(total.group(1)), byClass);
    }

    private static long unit(String u) {
        return switch (u) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            default -> 1;
        };
    }

    private String jcmd(String... command) throws IOException, InterruptedException {
        String[] argv = new String[command.length + 2];
        argv[0] = "jcmd";
        argv[1] = Long.toString(pid);
        System.arraycopy(command, 0, argv, 2, command.length);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.contains("Unknown diagnostic command")) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}

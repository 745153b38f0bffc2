package org.asynchat.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code /proc} tells about a process's memory and descriptors: its resident set, the
 * resident part of one address range (a JVM's heap), its open descriptors and their limit.
 * Reading these costs the process nothing, so they may be read between the steps of a
 * measurement without disturbing it.
 */
final class ProcessMemory {

    private static final Pattern SMAPS_RANGE = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");
    private static final Pattern OPEN_FILES = Pattern.compile("(?m)^Max open files\\s+(\\d+|unlimited)\\s+(\\d+|unlimited)");

    private final long pid;

    ProcessMemory(long pid) {
        this.pid = pid;
    }

    /** This harness's own process. */
    static ProcessMemory self() {
        return new ProcessMemory(ProcessHandle.current().pid());
    }

    /** VmRSS in bytes. */
    long rss() throws IOException {
        for (String line : Files.readAllLines(proc("status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /**
     * The resident bytes of the mappings that lie inside {@code [from, to)}: for a JVM's heap
     * range, the heap pages the process has touched ({@code Rss} lines of {@code smaps}).
     */
    long residentIn(long from, long to) throws IOException {
        long sum = 0;
        boolean inside = false;
        try (Stream<String> lines = Files.lines(proc("smaps"))) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher m = SMAPS_RANGE.matcher(line);
                if (m.find()) {
                    long start = Long.parseUnsignedLong(m.group(1), 16);
                    long end = Long.parseUnsignedLong(m.group(2), 16);
                    inside = start >= from && end <= to;
                } else if (inside && line.startsWith("Rss:")) {
                    sum += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return sum;
    }

    /** How many descriptors the process has open. */
    int openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(proc("fd"))) {
            return (int) fds.count();
        }
    }

    /** The soft and hard limits on open descriptors ({@code ulimit -n}, {@code ulimit -Hn}). */
    long[] descriptorLimits() throws IOException {
        Matcher m = OPEN_FILES.matcher(Files.readString(proc("limits")));
        if (!m.find()) {
            throw new IOException("no 'Max open files' in /proc/" + pid + "/limits");
        }
        return new long[] {limit(m.group(1)), limit(m.group(2))};
    }

    private static long limit(String s) {
        return s.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(s);
    }

    /** Waits until the process has at most {@code count} descriptors open (closes are served). */
    void awaitDescriptorsAtMost(int count, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        int open;
        while ((open = openDescriptors()) > count) {
            if (System.nanoTime() > deadline) {
                throw new IOException("process " + pid + " still has " + open + " descriptors open after "
                        + timeoutMillis + " ms, expected at most " + count + ": it did not close the idle connections");
            }
            Thread.sleep(100);
        }
    }

    private Path proc(String file) {
        return Path.of("/proc", Long.toString(pid), file);
    }

    /** The lines of {@code status} that name a memory figure, for logs. */
    List<String> statusMemoryLines() throws IOException {
        return Files.readAllLines(proc("status")).stream().filter(l -> l.startsWith("Vm") || l.startsWith("Rss")).toList();
    }
}

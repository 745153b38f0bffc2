package org.asynchat.internal.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.asynchat.internal.Vectorization;

/**
 * The facts of this JVM and machine a backend report shows whatever the backend: the JDK, the
 * operating system, and the limits a server meets first (open files, the listen backlog). Each
 * read is of a small file of {@code /proc} or {@code /etc}; where one is missing (not Linux) the
 * value says so instead of failing.
 */
public final class Machine {

    /** Where Linux lists this process's resource limits. */
    static final Path LIMITS = Path.of("/proc/self/limits");
    /** The kernel's cap on every listen backlog. */
    static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");
    private static final Path OS_RELEASE = Path.of("/etc/os-release");

    /** Below this many open files, the report says how to raise the limit. */
    private static final long FEW_OPEN_FILES = 1024;
    /** The listen backlog the examples ask for; below it the kernel shortens their queues. */
    private static final long EXAMPLE_BACKLOG = 512;

    private Machine() {
    }

    /**
     * The JDK: version, vendor, VM, home, and whether the JVM runs with {@code jdk.incubator.vector}
     * (and so which delimiter search the framer uses).
     *
     * @return the section
     */
    public static Section jdk() {
        Runtime.Version version = Runtime.version();
        String vendor = System.getProperty("java.vendor", "unknown vendor");
        String vm = System.getProperty("java.vm.name", "unknown VM");
        String home = System.getProperty("java.home", "unknown");
        boolean vector = ModuleLayer.boot().findModule(Vectorization.MODULE).isPresent();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", version.toString());
        json.put("feature", version.feature());
        json.put("vendor", vendor);
        json.put("vm", vm);
        json.put("home", home);
        json.put("vector_module", vector);
        json.put("scanner", Vectorization.describe());
        return new Section("jdk", "jdk", List.of(
                version + ", " + vendor + ", " + vm + " (" + home + ")",
                Vectorization.MODULE + ": " + (vector ? "present" : "absent") + "; delimiter search: "
                        + Vectorization.describe()), json);
    }

    /**
     * The operating system, its kernel release, the architecture the JVM runs on, and the
     * distribution where {@code /etc/os-release} names one.
     *
     * @return the section
     */
    public static Section os() {
        String name = System.getProperty("os.name", "unknown");
        String kernel = System.getProperty("os.version", "unknown");
        String arch = System.getProperty("os.arch", "unknown");
        String distribution = distribution();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("kernel", kernel);
        json.put("arch", arch);
        json.put("distribution", distribution);
        return new Section("os", "os", List.of(name + ", kernel " + kernel + ", " + arch
                + (distribution == null ? "" : " (" + distribution + ")")), json);
    }

    /** {@code PRETTY_NAME} of {@code /etc/os-release}, or null. */
    private static String distribution() {
        try {
            for (String line : Files.readAllLines(OS_RELEASE, StandardCharsets.UTF_8)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    String value = line.substring("PRETTY_NAME=".length()).trim();
                    if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a container without the file: the kernel line is enough
        }
        return null;
    }

    /**
     * This process's open-file limit (soft and hard, from {@code /proc/self/limits}) and
     * {@code net.core.somaxconn}, with a hint where either is low for a server.
     *
     * @return the section
     */
    public static Section limits() {
        return limits(LIMITS, SOMAXCONN);
    }

    static Section limits(Path limitsFile, Path somaxconnFile) {
        String[] files = openFiles(limitsFile);
        String somaxconn = somaxconn(somaxconnFile);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("open_files_soft", number(files[0]));
        json.put("open_files_hard", number(files[1]));
        json.put("somaxconn", number(somaxconn));
        List<String> lines = new ArrayList<>();
        lines.add("open files " + files[0] + " soft, " + files[1] + " hard; net.core.somaxconn " + somaxconn);
        if (json.get("open_files_soft") instanceof Long n && n < FEW_OPEN_FILES) {
            lines.add("open files: each connection holds a descriptor, so this process can serve fewer than " + n
                    + " connections: raise the soft limit (ulimit -n " + files[1] + ", or LimitNOFILE= in a systemd unit)");
        }
        if (json.get("somaxconn") instanceof Long n && n < EXAMPLE_BACKLOG) {
            lines.add("net.core.somaxconn: the kernel cuts every listen backlog to " + n + " (the examples ask for "
                    + EXAMPLE_BACKLOG + "): raise it with sysctl -w net.core.somaxconn=4096");
        }
        return new Section("limits", "limits", lines, json);
    }

    /** The soft and hard "Max open files", as the file writes them ("unlimited" included). */
    private static String[] openFiles(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = unknown(file, e);
            return new String[] {why, why};
        }
        for (String line : lines) {
            if (line.startsWith("Max open files")) {
                String[] values = line.substring("Max open files".length()).trim().split("\\s+");
                if (values.length >= 2) {
                    return new String[] {values[0], values[1]};
                }
            }
        }
        String why = "unknown (no 'Max open files' line in " + file + ")";
        return new String[] {why, why};
    }

    private static String somaxconn(Path file) {
        try {
            // By lines, not Files.readString: a /proc/sys file has size 0, so readAllBytes reads one
            // byte to look for more, then the rest from offset 1, where the kernel's sysctl handler
            // answers end of file (Linux 6.18 and JDK 17 here: "4" for 4096). A reader asks for
            // the whole buffer at offset 0.
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            return lines.isEmpty() ? "unknown (" + file + " is empty)" : lines.get(0).trim();
        } catch (IOException e) {
            return unknown(file, e);
        }
    }

    private static String unknown(Path file, IOException e) {
        return "unknown (" + (e instanceof NoSuchFileException ? "no " + file : "cannot read " + file + ": " + e) + ")";
    }

    /** A number where the text is one, else the text (for example {@code "unlimited"}). */
    private static Object number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }
}

package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's main class in a child JVM on this test's class path: for what one JVM can do
 * only once (load a native library, choose a backend from its environment) or must not do to
 * the test runner (exhaust its file descriptors).
 */
public final class ChildJvm {

    /** What a finished child printed and returned. */
    public record Result(int exitCode, String output) {
    }

    private final List<String> command = new ArrayList<>();
    private final ProcessBuilder builder = new ProcessBuilder();

    /**
     * What starts a child's {@code java} when the tests themselves run in an emulated JVM: the
     * system property {@code asynchat.test.childJvmPrefix}, split at spaces (for example
     * {@code qemu-aarch64 -L SYSROOT}, whose {@code java.home} holds a binary this machine
     * cannot start directly). Empty by default.
     */
    private static final List<String> EMULATOR = List.of(
            System.getProperty("asynchat.test.childJvmPrefix", "").trim().split(" +")).stream()
            .filter(s -> !s.isEmpty()).toList();

    private ChildJvm(List<String> prefix) {
        command.addAll(prefix);
        command.addAll(javaCommand());
        command.add("-Xmx64m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        builder.environment().remove("ASYNCHAT_BACKEND");
        builder.redirectErrorStream(true);
    }

    /** The command that starts this JVM's {@code java}: its path, after the emulator if any. */
    public static List<String> javaCommand() {
        List<String> java = new ArrayList<>(EMULATOR);
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return java;
    }

    /** A child JVM started directly. */
    public static ChildJvm java() {
        return new ChildJvm(List.of());
    }

    /** A child JVM started by a wrapper command, for example {@code prlimit --nofile=N:N}. */
    public static ChildJvm wrappedBy(String... wrapper) {
        return new ChildJvm(List.of(wrapper));
    }

    /** The class path of this test JVM, as surefire set it. */
    public static List<String> testClassPath() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    public ChildJvm classPath(List<String> entries) {
        command.add("-cp");
        command.add(String.join(File.pathSeparator, entries));
        return this;
    }

    public ChildJvm property(String name, String value) {
        command.add("-D" + name + "=" + value);
        return this;
    }

    /** Adds a JVM option, for example {@code --enable-native-access=ALL-UNNAMED}. */
    public ChildJvm option(String option) {
        command.add(option);
        return this;
    }

    public ChildJvm env(String name, String value) {
        builder.environment().put(name, value);
        return this;
    }

    public Map<String, String> environment() {
        return builder.environment();
    }

    /** Starts the child; the caller waits for it and destroys it. */
    public Process start(Class<?> main, String... args) throws IOException {
        if (!command.contains("-cp")) {
            classPath(testClassPath());
        }
        List<String> full = new ArrayList<>(command);
        full.add(main.getName());
        full.addAll(List.of(args));
        return builder.command(full).start();
    }

    /** Runs the child to its end (at most 60 s) and returns its exit code and output. */
    public Result run(Class<?> main, String... args) throws IOException, InterruptedException {
        Process p = start(main, args);
        try {
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(done, "the child JVM ran for over 60 s: " + output);
            return new Result(p.exitValue(), output);
        } finally {
            p.destroyForcibly();
        }
    }
}

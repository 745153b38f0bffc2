package org.asynchat.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable jar started as a user starts it ({@code java -jar chat-examples.jar ...}), for
 * integration tests: waits for the ready line, exposes the port, stops it with SIGTERM.
 */
public final class ExampleProcess implements AutoCloseable {

    /** The ready line every example prints. */
    public static final Pattern READY = Pattern.compile("listening on (\\S+):(\\d+) \\(backend (\\S+)\\)");

    private final Process process;
    private final BufferedReader stdout;
    private final CompletableFuture<String> stderr;
    private final String readyLine;
    private final int port;
    private final String backend;

    private ExampleProcess(Process process) throws IOException {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderr = readToEnd(process.getErrorStream(), "stderr of " + process.pid());
        String line = stdout.readLine();
        if (line == null) {
            throw new IOException("the example exited before its ready line; stderr: " + stderr());
        }
        Matcher m = READY.matcher(line);
        if (!m.matches()) {
            throw new IOException("unexpected first line '" + line + "'; stderr: " + stderr());
        }
        this.readyLine = line;
        this.port = Integer.parseInt(m.group(2));
        this.backend = m.group(3);
    }

    /**
     * Reads a child's stream to its end on a thread of its own. Not {@code supplyAsync}'s common
     * pool: on JDK 25 it has one worker on 2 CPUs, so the reader of a second process would wait
     * until the first process exits.
     */
    private static CompletableFuture<String> readToEnd(InputStream stream, String threadName) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("(unreadable: " + e + ")");
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    /**
     * Returns the shaded jar built by this module.
     *
     * @return its path
     */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("project.build.directory", "target"), "chat-examples.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after 'package'");
        }
        return jar;
    }

    /**
     * The java command that runs the jar with some JVM options and arguments.
     *
     * @param jvmOptions options before {@code -jar}
     * @param args the example and its flags
     * @return the command
     */
    public static List<String> command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Starts an example and waits for its ready line.
     *
     * @param args the example and its flags, for example {@code "echo", "--port", "0"}
     * @return the running example
     * @throws IOException if it does not start
     */
    public static ExampleProcess start(String... args) throws IOException {
        return start(List.of(), Map.of(), args);
    }

    /**
     * Starts an example with JVM options and environment variables.
     *
     * @param jvmOptions options before {@code -jar}
     * @param env extra environment variables
     * @param args the example and its flags
     * @return the running example
     * @throws IOException if it does not start
     */
    public static ExampleProcess start(List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(jvmOptions, args));
        pb.environment().putAll(env);
        return new ExampleProcess(pb.start());
    }

    /**
     * The result of a run that is expected to end by itself.
     *
     * @param exit the exit status
     * @param stdout what it printed on standard output
     * @param stderr what it printed on standard error
     */
    public record Result(int exit, String stdout, String stderr) {
    }

    /**
     * Runs the jar to completion (for {@code --help} and bad command lines).
     *
     * @param env extra environment variables
     * @param args the arguments
     * @return the result
     * @throws Exception if it does not finish within a minute
     */
    public static Result runToEnd(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(List.of(), args));
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> err = readToEnd(p.getErrorStream(), "stderr of " + p.pid());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the jar did not finish: " + String.join(" ", args));
        }
        return new Result(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    }

    /**
     * Returns the ready line.
     *
     * @return the first line of standard output
     */
    public String readyLine() {
        return readyLine;
    }

    /**
     * Returns the port from the ready line.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the backend from the ready line.
     *
     * @return the backend's name
     */
    public String backend() {
        return backend;
    }

    /**
     * Sends SIGTERM and waits for the exit status.
     *
     * @return the exit status
     * @throws InterruptedException if interrupted
     */
    public int terminate() throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() would also close our ends of the pipes.
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the example ignored SIGTERM for 30 s; stderr: " + stderr());
        }
        return process.exitValue();
    }

    /**
     * Returns what the process wrote on standard output after the ready line, once it has
     * exited.
     *
     * @return the rest of standard output
     * @throws IOException if it cannot be read
     */
    public String restOfStdout() throws IOException {
        StringBuilder sb = new StringBuilder();
        String line;
        while ((line = stdout.readLine()) != null) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /**
     * Returns standard error, once the process has exited.
     *
     * @return what it wrote on standard error
     */
    public String stderr() {
        try {
            return stderr.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(not available: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}

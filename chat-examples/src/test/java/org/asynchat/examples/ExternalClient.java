package org.asynchat.examples;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real client program (curl, redis-cli, python3, swaks) with a time limit. A test that
 * needs one calls {@link #require}: where the program is missing, the test is skipped and the
 * reason printed.
 */
public final class ExternalClient {

    private ExternalClient() {
    }

    /**
     * What a finished program left.
     *
     * @param exitCode its exit status
     * @param stdout its standard output
     * @param stderr its standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /**
         * Returns both outputs, for failure messages.
         *
         * @return a description
         */
        public String describe() {
            return "exit " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    /**
     * Skips the calling test, saying why, unless a program is on the PATH.
     *
     * @param program the program's name
     * @param installHint how to install it
     */
    public static void require(String program, String installHint) {
        boolean found = onPath(program);
        if (!found) {
            System.out.println("SKIPPED: " + program + " is not installed (" + installHint + ")");
        }
        Assumptions.assumeTrue(found, program + " is not installed (" + installHint + ")");
    }

    /**
     * Tells whether a program is on the PATH.
     *
     * @param program the name
     * @return true if an executable file of that name is on the PATH
     */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a program to completion, killing it after the time limit.
     *
     * @param limit the longest it may run
     * @param command the program and its arguments
     * @return what it left
     * @throws IOException if it cannot be started or runs too long
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(Duration limit, List<String> command) throws IOException, InterruptedException {
        return run(limit, command, null);
    }

    /**
     * Runs a program with standard input, killing it after the time limit.
     *
     * @param limit the longest it may run
     * @param command the program and its arguments
     * @param stdin what to feed it, or null for nothing
     * @return what it left
     * @throws IOException if it cannot be started or runs too long
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(Duration limit, List<String> command, String stdin)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("client", ".out");
        Path err = Files.createTempFile("client", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (var w = p.getOutputStream()) {
                    w.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException(command + " did not finish within " + limit + "; output so far:\n"
                        + Files.readString(out) + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}

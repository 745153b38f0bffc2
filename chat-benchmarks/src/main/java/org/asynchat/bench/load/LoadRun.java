package org.asynchat.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one load generator to completion (or kills it at its time limit) and reads its
 * result: {@code redis-benchmark --csv} for RESP, {@code wrk} for HTTP.
 */
final class LoadRun {

    /** What one run measured. */
    record Result(double requestsPerSecond, long requests) {
    }

    private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern WRK_ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: .*");

    private LoadRun() {
    }

    /**
     * Runs redis-benchmark once.
     *
     * @param keyspace random keys over this many ({@code -r}); 0 for redis-benchmark's one key
     */
    static Result redisBenchmark(List<String> pinning, int port, String test, int clients, int pipeline, long requests,
            int keyspace, long limitSeconds) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(pinning);
        argv.addAll(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", test,
                "-c", Integer.toString(clients), "-P", Integer.toString(pipeline), "-n", Long.toString(requests)));
        if (keyspace > 0) {
            argv.addAll(List.of("-r", Integer.toString(keyspace)));
        }
        argv.add("--csv");
        String out = run(argv, limitSeconds);
        // "test","rps",...  then  "SET","454545.47",...
        for (String line : out.split("[\r\n]+")) {
            String[] f = line.split(",");
            if (f.length > 1 && !f[0].equals("\"test\"") && f[0].startsWith("\"")) {
                return new Result(Double.parseDouble(f[1].replace("\"", "")), requests);
            }
        }
        throw new IOException("redis-benchmark printed no result for " + test + ":\n" + out);
    }

    static Result wrk(List<String> pinning, int port, String path, int clients, long seconds)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(pinning);
        argv.addAll(List.of("wrk", "-t1", "-c" + clients, "-d" + seconds + "s", "http://127.0.0.1:" + port + path));
        String out = run(argv, seconds + 30);
        Matcher rps = WRK_RPS.matcher(out);
        Matcher total = WRK_TOTAL.matcher(out);
        if (!rps.find() || !total.find()) {
            throw new IOException("wrk printed no result:\n" + out);
        }
        if (WRK_ERRORS.matcher(out).find()) {
            throw new IOException("wrk saw errors (a contender that fails requests is not measured):\n" + out);
        }
        return new Result(Double.parseDouble(rps.group(1)), Long.parseLong(total.group(1)));
    }

    private static String run(List<String> argv, long limitSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[][] output = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                output[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = new byte[0];
            }
        });
        reader.start();
        if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            reader.join(5000);
            throw new IOException(String.join(" ", argv) + " did not finish within " + limitSeconds + " s; killed");
        }
        reader.join(5000);
        String out = new String(output[0] == null ? new byte[0] : output[0], StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " exited with " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}

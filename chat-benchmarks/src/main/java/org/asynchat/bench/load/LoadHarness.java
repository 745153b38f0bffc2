package org.asynchat.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The end-to-end load harness: servers given as command lines, driven on loopback by
 * {@code redis-benchmark} (RESP) or {@code wrk} (HTTP), contenders alternating A B C A B C for
 * several rounds, with medians and ratios printed at the end.
 *
 * <pre>
 * java -cp chat-benchmarks/target/benchmarks.jar org.asynchat.bench.load.LoadHarness \
 *   --server 'asynchat-nio=java -jar chat-examples/target/chat-examples.jar resp --port {port} --backend nio' \
 *   --server 'netty-epoll=java -cp chat-benchmarks/target/benchmarks.jar org.asynchat.bench.load.NettyRespServer --port {port} --transport epoll' \
 *   --server 'redis-server=redis-server --port {port} --save "" --appendonly no' \
 *   --baseline netty-epoll --reference redis-server
 * </pre>
 *
 * <p>Each round starts every server afresh (pinned to core 0 with {@code taskset} where there
 * are two cores; the load generator gets core 1; {@code --no-pin} lets both use every core, for
 * servers of several loops), warms it up, measures each test at each
 * pipeline depth, and stops it. A measurement is the generator's requests per second and
 * the server's requests per CPU-second (user + system time from {@code /proc}). Bounded: every
 * generator run has a time limit, the whole run a deadline ({@code --max-minutes}), and every
 * process started is stopped, also on failure. Raw rows go to {@code OUT/load-raw.tsv}, the
 * summary to {@code OUT/load-summary.tsv} and stdout.
 *
 * <p>{@code --idle-only 10000,20000} measures instead what idle connections cost each server
 * (see {@link IdleConnections}), with {@code --pinning both} once pinned to a core (where the
 * JVM picks the serial collector) and once unpinned with default flags, as users run it; rows
 * per round in {@code OUT/idle-raw.tsv}, medians in {@code OUT/idle-memory.tsv}, and what the
 * bytes are (class histogram difference, native-memory diff) in {@code OUT/logs/*-idle.txt}.
 */
public final class LoadHarness {

    private final Map<String, String> servers = new LinkedHashMap<>();
    /** Idle-connection measurements, every round. */
    private final List<IdleRow> idle = new ArrayList<>();
    private String protocol = "resp";
    private String baseline;
    private String reference;
    private int rounds = 3;
    private int clients = 50;
    private int[] pipelines = {1, 16};
    private List<String> tests = List.of("ping_mbulk", "set", "get");
    private long requests = 200_000;
    /** Random keys over this many (redis-benchmark's {@code -r}); 0 for its single key. */
    private int keyspace = 100_000;
    private long warmupRequests = 100_000;
    private String httpPath = "/";
    private long httpSeconds = 5;
    private Path out = Path.of("chat-benchmarks/target/load");
    private long maxMinutes = 30;
    /** Idle connections to hold, as increasing checkpoints (10000,20000); empty for none. */
    private int[] idleCheckpoints = {};
    private boolean idleOnly;
    private boolean roundsGiven;
    private int idleWarmup = 5000;
    private IdleConnections.Probe idleProbe = IdleConnections.Probe.RESP;
    /** Pin the server and the generator to separate cores (off for servers of several loops). */
    private boolean pinCores = true;
    /** With --idle-only: measure each server pinned, then unpinned (as users run it). */
    private boolean bothPinnings;

    /** One idle checkpoint of one server in one round. */
    record IdleRow(int round, String server, String pinning, String collector, IdleConnections.Checkpoint point) {
    }

    private LoadHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args see the class comment and {@code --help}
     * @throws Exception if the harness itself fails
     */
    public static void main(String[] args) throws Exception {
        LoadHarness h = new LoadHarness();
        try {
            h.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load harness: " + e.getMessage() + "\n\n" + USAGE);
            System.exit(2);
        }
        System.exit(h.run());
    }

    static final String USAGE = """
            usage: LoadHarness --server NAME=COMMAND [--server NAME=COMMAND ...] [options]
              COMMAND starts one server; {port} in it is replaced by a free loopback port.
              --protocol resp|http     redis-benchmark or wrk (default resp)
              --baseline NAME          ratios are taken against this contender (default: the first)
              --reference NAME         a second ratio column, e.g. redis-server
              --rounds N               contenders alternate A B A B ... N times (default 3)
              --clients N              connections (default 50)
              --pipelines 1,16         redis-benchmark -P depths (default 1,16)
              --tests ping_mbulk,set,get   redis-benchmark -t tests, run one at a time
              --requests N             per test and depth (default 200000)
              --keyspace N             random keys over N (redis-benchmark -r; default 100000;
                                       0: redis-benchmark's one key, where the map costs nothing)
              --warmup N               requests per server start before measuring (default 100000;
                                       0 with --idle-only: idle connections meet a fresh server)
              --http-path /P --http-seconds S   wrk target and duration (default / and 5)
              --out DIR                where the TSV files go (default chat-benchmarks/target/load)
              --max-minutes M          stop measuring after M minutes (default 30)
              --idle N[,M...]          after the load, also measure the memory of N (then M ...)
                                       idle connections: RSS, resident heap pages, bytes allocated
                                       per accept, live heap, freed C-heap (round 1 only)
              --idle-only N[,M...]     only that, after the warm-up (RESP warm-up; every round)
              --idle-probe resp|echo   what each idle connection sends once: a RESP PING or the
                                       line "ping" (default resp)
              --idle-warmup N          connections opened, served and closed before the idle
                                       baseline, so that the accept path is compiled (default 5000)
              --no-pin                 let server and generator share every core (for servers
                                       of several loops, and as users run a server)
              --pinning pinned|unpinned|both   pinned is the default, unpinned is --no-pin; both
                                       (with --idle-only): each server pinned, then unpinned
            """;

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help")) {
                System.out.println(USAGE);
                System.exit(0);
            }
            if (flag.equals("--no-pin")) {
                pinCores = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = args[++i];
            switch (flag) {
                case "--server" -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0 || !v.contains("{port}")) {
                        throw new IllegalArgumentException("--server takes NAME=COMMAND with {port} in the command, got " + v);
                    }
                    servers.put(v.substring(0, eq), v.substring(eq + 1));
                }
                case "--protocol" -> protocol = v;
                case "--baseline" -> baseline = v;
                case "--reference" -> reference = v;
                case "--rounds" -> {
                    rounds = Integer.parseInt(v);
                    roundsGiven = true;
                }
                case "--clients" -> clients = Integer.parseInt(v);
                case "--pipelines" -> pipelines = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--tests" -> tests = List.of(v.split(","));
                case "--requests" -> requests = Long.parseLong(v);
                case "--keyspace" -> keyspace = Integer.parseInt(v);
                case "--warmup" -> warmupRequests = Long.parseLong(v);
                case "--http-path" -> httpPath = v;
                case "--http-seconds" -> httpSeconds = Long.parseLong(v);
                case "--out" -> out = Path.of(v);
                case "--max-minutes" -> maxMinutes = Long.parseLong(v);
                case "--idle" -> idleCheckpoints = checkpoints(v);
                case "--idle-only" -> {
                    idleCheckpoints = checkpoints(v);
                    idleOnly = true;
                }
                case "--pinning" -> {
                    switch (v) {
                        case "both" -> bothPinnings = true;
                        case "pinned" -> pinCores = true;
                        case "unpinned" -> pinCores = false;
                        default -> throw new IllegalArgumentException("--pinning takes pinned, unpinned or both, got " + v);
                    }
                }
                case "--idle-probe" -> idleProbe = IdleConnections.Probe.named(v);
                case "--idle-warmup" -> idleWarmup = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("name at least one --server");
        }
        if (idleOnly && !roundsGiven) {
            rounds = 1;
        }
        if (bothPinnings && !idleOnly) {
            throw new IllegalArgumentException("--pinning both goes with --idle-only (load rows are per pinning)");
        }
        if (!protocol.equals("resp") && !protocol.equals("http")) {
            throw new IllegalArgumentException("--protocol must be resp or http, got " + protocol);
        }
        if (baseline == null) {
            baseline = servers.keySet().iterator().next();
        }
        for (String n : new String[] {baseline, reference}) {
            if (n != null && !servers.containsKey(n)) {
                throw new IllegalArgumentException(n + " is not one of the servers " + servers.keySet());
            }
        }
    }

    private static int[] checkpoints(String v) {
        int[] c = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] <= 0 || (i > 0 && c[i] <= c[i - 1])) {
                throw new IllegalArgumentException("idle connection counts must be positive and increasing, got " + v);
            }
        }
        return c;
    }

    /** One measurement; {@code cpu} is the server's CPU time during it. */
    record Row(int round, String server, String test, int pipeline, double rps, long requests, ServerProcess.CpuTime cpu) {
        double requestsPerCpuSecond() {
            return cpu.total() > 0 ? requests / cpu.total() : Double.NaN;
        }

        /** The share of the server's CPU time spent in the kernel (TCP, system calls). */
        double kernelShare() {
            return cpu.total() > 0 ? cpu.system() / cpu.total() : Double.NaN;
        }
    }

    private int run() throws IOException, InterruptedException {
        boolean canPin = Runtime.getRuntime().availableProcessors() >= 2 && onPath("taskset");
        boolean pin = (pinCores || bothPinnings) && canPin;
        List<String> serverPin = pin ? List.of("taskset", "-c", "0") : List.of();
        List<String> loadPin = pin ? List.of("taskset", "-c", "1") : List.of();
        List<Boolean> pinnings = bothPinnings && canPin ? List.of(true, false) : List.of(pin);
        String generator = protocol.equals("resp") ? "redis-benchmark" : "wrk";
        if (!onPath(generator)) {
            System.out.println("load harness: skipped: " + generator + " is not installed (apt-get install -y "
                    + (protocol.equals("resp") ? "redis-tools" : "wrk") + ")");
            return 0;
        }
        System.out.printf("load harness: %s, %d clients, %d rounds, %s%n", generator, clients, rounds,
                bothPinnings && canPin ? "each server pinned to core 0 (load generator to core 1), then unpinned"
                        : pin ? "server pinned to core 0, load generator to core 1"
                        : pinCores || bothPinnings ? "no pinning (needs taskset and two cores)" : "no pinning (--no-pin)");
        long deadline = System.nanoTime() + maxMinutes * 60_000_000_000L;
        List<Row> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        measuring:
        for (int round = 1; round <= rounds; round++) {
            for (boolean pinned : pinnings) {
                for (Map.Entry<String, String> s : servers.entrySet()) {
                    if (System.nanoTime() > deadline) {
                        failures.add("stopped at the " + maxMinutes + "-minute deadline in round " + round);
                        break measuring;
                    }
                    try {
                        rows.addAll(measure(round, s.getKey(), s.getValue(), pinned ? serverPin : List.of(),
                                pinned ? loadPin : List.of(), pinned));
                    } catch (IOException e) {
                        failures.add("round " + round + ", " + s.getKey() + ": " + e.getMessage());
                        System.out.println("  FAILED: " + e.getMessage());
                    }
                }
            }
        }
        Files.createDirectories(out);
        writeRaw(rows);
        String summary = summary(rows);
        Files.writeString(out.resolve("load-summary.tsv"), summary);
        System.out.println();
        System.out.print(summary);
        if (!idle.isEmpty()) {
            Files.writeString(out.resolve("idle-raw.tsv"), idleRaw());
            String table = idleSummary();
            Files.writeString(out.resolve("idle-memory.tsv"), table);
            System.out.println();
            System.out.print(table);
        }
        failures.forEach(f -> System.out.println("not measured: " + f));
        return rows.isEmpty() && idle.isEmpty() ? 1 : 0;
    }

    private static final String IDLE_COLUMNS = "server\tpinning\tgc\tconnections\trss_per_conn\trss_per_added_conn"
            + "\theap_pages_per_conn\talloc_per_added_conn\tlive_heap_per_conn\tfreed_c_heap_per_conn";

    private String idleRaw() {
        StringBuilder sb = new StringBuilder("round\t" + IDLE_COLUMNS + "\n");
        for (IdleRow r : idle) {
            IdleConnections.Checkpoint p = r.point();
            sb.append(r.round()).append('\t').append(idleLine(r.server(), r.pinning(), r.collector(), p.connections(),
                    new double[] {p.rss(), p.rssMarginal(), p.heapPages(), p.allocated(), p.liveHeap(), p.trimmable()}));
        }
        return sb.toString();
    }

    /** Medians over the rounds per server, pinning and connection count, in the order measured. */
    private String idleSummary() {
        StringBuilder sb = new StringBuilder(IDLE_COLUMNS + "\n");
        Set<String> done = new java.util.HashSet<>();
        for (IdleRow first : idle) {
            String key = first.server() + "\t" + first.pinning() + "\t" + first.point().connections();
            if (!done.add(key)) {
                continue;
            }
            List<IdleConnections.Checkpoint> same = idle.stream()
                    .filter(r -> (r.server() + "\t" + r.pinning() + "\t" + r.point().connections()).equals(key))
                    .map(IdleRow::point).toList();
            double[] medians = {
                median(same.stream().mapToDouble(IdleConnections.Checkpoint::rss).toArray()),
                median(same.stream().mapToDouble(IdleConnections.Checkpoint::rssMarginal).toArray()),
                median(same.stream().mapToDouble(IdleConnections.Checkpoint::heapPages).toArray()),
                median(same.stream().mapToDouble(IdleConnections.Checkpoint::allocated).toArray()),
                median(same.stream().mapToDouble(IdleConnections.Checkpoint::liveHeap).toArray()),
                median(same.stream().mapToDouble(IdleConnections.Checkpoint::trimmable).toArray()),
            };
            sb.append(idleLine(first.server(), first.pinning(), first.collector(), first.point().connections(), medians));
        }
        return sb.toString();
    }

    private static String idleLine(String server, String pinning, String collector, int connections, double[] values) {
        StringBuilder sb = new StringBuilder(server + "\t" + pinning + "\t" + collector + "\t" + connections);
        for (double v : values) {
            sb.append('\t').append(String.format(Locale.ROOT, "%.0f", v));
        }
        return sb.append('\n').toString();
    }

    private List<Row> measure(int round, String name, String command, List<String> serverPin, List<String> loadPin,
            boolean pinned) throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        String pinning = pinned ? "pinned" : "unpinned";
        String run = name + (bothPinnings ? "-" + pinning : "") + "-round" + round;
        Path log = out.resolve("logs").resolve(run + ".log");
        try (ServerProcess server = ServerProcess.start(name, command, serverPin, log, 30_000)) {
            System.out.printf("round %d: %s on port %d%s%n", round, name, server.port,
                    bothPinnings ? " (" + pinning + ")" : "");
            if (protocol.equals("resp")) {
                // Warm-up: the JIT compiles the hot paths before anything is measured. With
                // --warmup 0 --idle-only, idle connections meet a freshly started server.
                for (String test : warmupRequests > 0 ? tests : List.<String>of()) {
                    LoadRun.redisBenchmark(loadPin, server.port, test, clients, 16, warmupRequests, keyspace, 120);
                }
                for (int p : idleOnly ? new int[0] : pipelines) {
                    for (String test : tests) {
                        ServerProcess.CpuTime cpu = server.cpuTime();
                        LoadRun.Result r = LoadRun.redisBenchmark(loadPin, server.port, test, clients, p, requests, keyspace, 300);
                        Row row = new Row(round, name, test, p, r.requestsPerSecond(), r.requests(),
                                server.cpuTime().since(cpu));
                        rows.add(row);
                        System.out.printf(Locale.ROOT, "  -P %-2d %-10s %12.0f req/s %12.0f req/CPU-s %5.0f %% in the kernel%n",
                                p, test, row.rps(), row.requestsPerCpuSecond(), 100 * row.kernelShare());
                    }
                }
                if (idleCheckpoints.length > 0 && (idleOnly || round == 1)) {
                    IdleConnections.Result r = IdleConnections.measure(server.pid(), server.port, idleCheckpoints,
                            idleWarmup, idleProbe, out.resolve("logs").resolve(run + "-idle.txt"));
                    for (IdleConnections.Checkpoint p : r.checkpoints()) {
                        idle.add(new IdleRow(round, name, pinning, r.collector(), p));
                        System.out.printf(Locale.ROOT, "  %d idle connections (%s GC): RSS %.0f B each (%.0f B per added"
                                + " one), heap pages %.0f B, %.0f B allocated per accept%s%n", p.connections(), r.collector(),
                                p.rss(), p.rssMarginal(), p.heapPages(), p.allocated(), Double.isNaN(p.liveHeap()) ? ""
                                        : String.format(Locale.ROOT, ", live heap %.0f B, freed C-heap %.0f B", p.liveHeap(),
                                                p.trimmable()));
                    }
                }
            } else {
                LoadRun.wrk(loadPin, server.port, httpPath, clients, Math.max(2, httpSeconds / 2));
                ServerProcess.CpuTime cpu = server.cpuTime();
                LoadRun.Result r = LoadRun.wrk(loadPin, server.port, httpPath, clients, httpSeconds);
                Row row = new Row(round, name, "http-get", 1, r.requestsPerSecond(), r.requests(),
                        server.cpuTime().since(cpu));
                rows.add(row);
                System.out.printf(Locale.ROOT, "  %-13s %12.0f req/s %12.0f req/CPU-s %5.0f %% in the kernel%n",
                        "GET " + httpPath, row.rps(), row.requestsPerCpuSecond(), 100 * row.kernelShare());
            }
        }
        return rows;
    }

    private void writeRaw(List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder(
                "round\tserver\ttest\tpipeline\trps\trequests\tcpu_s\treq_per_cpu_s\tuser_s\tsystem_s\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%d\t%s\t%s\t%d\t%.1f\t%d\t%.3f\t%.1f\t%.3f\t%.3f%n", r.round(),
                    r.server(), r.test(), r.pipeline(), r.rps(), r.requests(), r.cpu().total(), r.requestsPerCpuSecond(),
                    r.cpu().user(), r.cpu().system()));
        }
        Files.writeString(out.resolve("load-raw.tsv"), sb);
    }

    /** Medians per (test, depth, server) and their ratios to the baseline and the reference. */
    private String summary(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(
                "test\tpipeline\tserver\trounds\tmedian_rps\tmedian_req_per_cpu_s\trps_vs_%s\tcpu_eff_vs_%s%s\tkernel_share%n",
                baseline, baseline, reference == null ? "" : "\trps_vs_" + reference + "\tcpu_eff_vs_" + reference));
        Set<String> keys = new TreeSet<>();
        rows.forEach(r -> keys.add(r.test() + "\t" + r.pipeline()));
        for (String key : keys) {
            for (String server : servers.keySet()) {
                List<Row> mine = select(rows, key, server);
                if (mine.isEmpty()) {
                    continue;
                }
                double rps = median(mine.stream().mapToDouble(Row::rps).toArray());
                double eff = median(mine.stream().mapToDouble(Row::requestsPerCpuSecond).toArray());
                sb.append(String.format(Locale.ROOT, "%s\t%s\t%d\t%.0f\t%.0f\t%s\t%s", key, server, mine.size(), rps, eff,
                        ratio(rps, rows, key, baseline, false), ratio(eff, rows, key, baseline, true)));
                if (reference != null) {
                    sb.append('\t').append(ratio(rps, rows, key, reference, false))
                            .append('\t').append(ratio(eff, rows, key, reference, true));
                }
                sb.append(String.format(Locale.ROOT, "\t%.2f%n", median(mine.stream().mapToDouble(Row::kernelShare).toArray())));
            }
        }
        return sb.toString();
    }

    private static List<Row> select(List<Row> rows, String key, String server) {
        return rows.stream().filter(r -> (r.test() + "\t" + r.pipeline()).equals(key) && r.server().equals(server)).toList();
    }

    private static String ratio(double mine, List<Row> rows, String key, String against, boolean efficiency) {
        List<Row> theirs = select(rows, key, against);
        if (theirs.isEmpty()) {
            return "-";
        }
        double m = median(theirs.stream().mapToDouble(efficiency ? Row::requestsPerCpuSecond : Row::rps).toArray());
        return String.format(Locale.ROOT, "%.2f", mine / m);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}

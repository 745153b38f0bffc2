package org.asynchat.examples.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.asynchat.examples.RunningServer;

/**
 * The fuzz run, written once for every example. While a {@link WellFormedClient} exchanges
 * with the server throughout, several hostile clients send it fuzz cases ({@link CaseGenerator})
 * over real sockets, bounded in count and time ({@link FuzzSettings}). Then it checks, and
 * fails with the seed and every problem found:
 * <ol>
 * <li>no exception escaped to the loop: no ERROR log event and no thread died
 * ({@link ErrorWatch}); each event is shown with the cases whose connection it names;
 * <li>the well-formed client got a correct answer to every request (if not, the cases in
 * flight at that moment are named);
 * <li>the server still accepts and serves a new client;
 * <li>once every client has gone, the server has as many channels as before (its listeners),
 * no socket the run opened is still open, nor any file under the watched directories
 * ({@link OpenDescriptors}): no channel was left behind.
 * </ol>
 * The bytes of every case named in a failure are written to {@code target/fuzz-failures/}.
 * {@link #replay} runs given cases the same way: the regression tests of bugs found.
 *
 * <p>Uses the server's port and its channel count only, so it holds however many loops serve.
 */
final class Fuzzer {

    /** For {@code @MethodSource}: every backend this machine has. */
    static final String BACKENDS = "org.asynchat.examples.AvailableBackends#all";
    /** How long the server gets to close its side of every connection once the clients are gone. */
    private static final long SETTLE_MILLIS = 10_000;
    /** ERROR events, and twice as many suspect cases, shown in a failure message. */
    private static final int SHOWN = 5;
    /** Server log lines name a channel's peer this way. */
    private static final Pattern PEER = Pattern.compile("<-> /127\\.0\\.0\\.1:(\\d+)");

    private final String name;
    private final RunningServer server;
    private final int port;
    private Corpus corpus;
    private WellFormedClient.Factory wellFormed;
    private final List<Path> watched = new ArrayList<>();

    /**
     * What a run measured.
     *
     * @param cases the cases played
     * @param exchanges the well-formed client's exchanges, every answer correct
     * @param peakOpenFiles the most files open at once under the watched directories
     */
    record Report(long cases, int exchanges, int peakOpenFiles) {
    }

    /**
     * What one run plays: {@code count} cases, {@code caseAt(i)} the i-th, for at most
     * {@code duration}, from {@code clients} threads; {@code byNumber} finds a case again for a
     * failure message, and {@code rerun} says how to run it again.
     */
    private record Plan(String what, String rerun, long seed, int count, Duration duration, int clients,
            IntFunction<FuzzCase> caseAt, IntFunction<FuzzCase> byNumber) {
    }

    private Fuzzer(String name, RunningServer server) {
        this.name = name;
        this.server = server;
        this.port = server.port();
    }

    /**
     * Starts describing a run.
     *
     * @param name what is fuzzed, for messages: for example {@code "http on nio"}
     * @param server the server
     * @return the run, to be given a corpus and a well-formed client
     */
    static Fuzzer target(String name, RunningServer server) {
        return new Fuzzer(name, server);
    }

    /** What the cases are made from. */
    Fuzzer corpus(Corpus c) {
        this.corpus = c;
        return this;
    }

    /** The client that must be served correctly throughout. */
    Fuzzer wellFormed(WellFormedClient.Factory factory) {
        this.wellFormed = factory;
        return this;
    }

    /** A directory the server opens files in (served files, a spool): none may stay open. */
    Fuzzer watchFilesUnder(Path directory) {
        watched.add(directory);
        return this;
    }

    /**
     * Generates cases from the corpus, as {@link FuzzSettings} say, plays them, and checks
     * the server.
     *
     * @return what was measured
     * @throws Exception an {@link AssertionError} listing every problem, with the seed
     */
    Report run() throws Exception {
        FuzzSettings s = FuzzSettings.fromSystemProperties();
        CaseGenerator generator = new CaseGenerator(corpus);
        return play(new Plan(name + ", seed " + s.seed(), "rerun with " + s.rerun(), s.seed(), s.cases(), s.duration(),
                s.clients(), i -> generator.generate(s.seed(), s.caseNumber(i)), n -> generator.generate(s.seed(), n)));
    }

    /**
     * Plays given cases, each {@code times} times, several at once, and checks the server as
     * {@link #run()} does: a bug's regression test, which does not depend on the generator.
     *
     * @param origin where the cases come from, for messages: for example the seed that found them
     * @param times how many times each case is played
     * @param cases the cases
     * @return what was measured
     * @throws Exception an {@link AssertionError} listing every problem
     */
    Report replay(String origin, int times, FuzzCase... cases) throws Exception {
        List<FuzzCase> list = List.of(cases);
        return play(new Plan(name + ", " + origin, "rerun this test", 0, list.size() * times, Duration.ofMinutes(1),
                FuzzSettings.DEFAULT_CLIENTS, i -> list.get(i % list.size()), n -> list.stream()
                        .filter(c -> c.number() == n).findFirst().orElseThrow()));
    }

    private Report play(Plan plan) throws Exception {
        System.out.println("fuzz " + plan.what() + " (" + plan.rerun() + "): up to " + plan.count() + " cases or "
                + plan.duration().toSeconds() + " s, " + plan.clients() + " hostile clients at a time");
        boolean leakCheck = OpenDescriptors.available();
        if (!leakCheck) {
            System.out.println("SKIPPED the leak check: this system has no /proc/self/fd");
        }
        Set<String> socketsBefore = leakCheck ? OpenDescriptors.sockets() : null;
        int channelsBefore = server.channelCount();
        List<String> problems = new ArrayList<>();
        Set<Integer> suspects = new ConcurrentSkipListSet<>();
        long started = System.nanoTime();
        String figures;
        Report report;
        try (ErrorWatch errors = ErrorWatch.install(); HostileClients hostile = new HostileClients(port);
                OpenFileSampler files = new OpenFileSampler(watched)) {
            int exchanges;
            long slowest;
            try (Witness witness = Witness.start(wellFormed, port, plan.seed())) {
                playCases(plan, hostile, witness, problems, suspects);
                witness.close(); // before the leak check, which then covers its channel too
                exchanges = witness.exchanges();
                slowest = witness.slowestMillis();
                if (witness.failure() != null) {
                    problems.add("the well-formed client connected throughout got a wrong answer (or none) after "
                            + exchanges + " correct exchanges (cases in flight then: " + suspects + "): "
                            + ErrorWatch.stackTrace(witness.failure()));
                } else if (exchanges == 0) {
                    problems.add("the well-formed client completed no exchange during the run");
                }
            }
            servesANewClient(plan.seed(), problems);
            checkNothingLeftOpen(channelsBefore, socketsBefore, hostile, problems, suspects);
            List<ErrorWatch.Event> events = errors.errors();
            reportErrorEvents(events, hostile, problems, suspects);
            figures = hostile.cases.sum() + " cases in " + String.format("%.1f", (System.nanoTime() - started) / 1e9)
                    + " s (" + kib(hostile.bytesSent.sum()) + " sent, " + kib(hostile.bytesReceived.sum())
                    + " received; " + hostile.cutOffByServer.sum() + " cut off by the server, "
                    + hostile.halfClosesFinished.sum() + " half-closes closed in turn, " + hostile.timedOut.sum()
                    + " reset by the watchdog), " + exchanges + " well-formed exchanges (the slowest " + slowest
                    + " ms), " + events.size() + " ERROR and " + errors.warnings() + " WARN events"
                    + (watched.isEmpty() ? "" : ", at most " + files.peak() + " files open at once");
            report = new Report(hostile.cases.sum(), exchanges, files.peak());
        }
        if (!problems.isEmpty()) {
            throw failure(plan, figures, problems, suspects);
        }
        System.out.println("fuzz " + plan.what() + ": " + figures + "; no socket or file left open");
        return report;
    }

    /** Each ERROR event is a problem; the cases whose connection it names are suspects. */
    private static void reportErrorEvents(List<ErrorWatch.Event> events, HostileClients hostile, List<String> problems,
            Set<Integer> suspects) {
        for (int i = 0; i < events.size(); i++) {
            List<Integer> cases = casesNamedBy(events.get(i).text(), hostile);
            suspects.addAll(cases);
            if (i < SHOWN) {
                problems.add("ERROR event (an exception reached the loop)" + (cases.isEmpty() ? ""
                        : " on the connection of " + (cases.size() == 1 ? "case " : "one of cases ") + cases) + ": "
                        + events.get(i));
            }
        }
        if (events.size() > SHOWN) {
            problems.add((events.size() - SHOWN) + " more ERROR events (in the test's output)");
        }
    }

    /** The failure: the run, every problem, and the suspect cases (largest first), each saved and replayable. */
    private AssertionError failure(Plan plan, String figures, List<String> problems, Set<Integer> suspects) {
        StringBuilder message = new StringBuilder("fuzz " + plan.what() + " (" + plan.rerun() + "): " + figures + "; "
                + problems.size() + " problem(s):");
        for (String p : problems) {
            message.append("\n- ").append(p);
        }
        // Largest first: a flood is the likelier culprit when another client is harmed.
        List<FuzzCase> named = suspects.stream().map(plan.byNumber()::apply)
                .sorted((a, b) -> Integer.compare(b.bytes().length, a.bytes().length)).limit(2 * SHOWN).toList();
        for (FuzzCase c : named) {
            message.append("\n* ").append(c).append("; ").append(plan.rerun()).append(" -Dfuzz.case=")
                    .append(c.number()).append("; bytes in ").append(save(c, plan.seed()));
        }
        return new AssertionError(message.toString());
    }

    /**
     * Plays cases from several threads until the count or the time runs out, or the witness
     * fails; then the cases in flight are the suspects.
     */
    private void playCases(Plan plan, HostileClients hostile, Witness witness, List<String> problems,
            Set<Integer> suspects) throws InterruptedException {
        long deadline = System.nanoTime() + plan.duration().toNanos();
        AtomicInteger next = new AtomicInteger();
        List<String> refused = new CopyOnWriteArrayList<>();
        ExecutorService players = Executors.newFixedThreadPool(plan.clients(), HostileClients.daemon("fuzz-player"));
        for (int t = 0; t < plan.clients(); t++) {
            players.execute(() -> {
                int i;
                while (refused.isEmpty() && !witness.failed() && System.nanoTime() < deadline
                        && (i = next.getAndIncrement()) < plan.count()) {
                    FuzzCase c = plan.caseAt().apply(i);
                    try {
                        hostile.play(c);
                    } catch (IOException e) {
                        refused.add("the server did not accept a new connection for case " + c.number() + ": " + e);
                    }
                }
                if (witness.failed() && suspects.isEmpty()) {
                    suspects.addAll(hostile.casesInFlight());
                }
            });
        }
        players.shutdown();
        long limit = plan.duration().toMillis() + HostileClients.CASE_LIMIT_MILLIS + 10_000;
        if (!players.awaitTermination(limit, TimeUnit.MILLISECONDS)) {
            players.shutdownNow();
            problems.add("the hostile clients did not finish within " + limit + " ms");
        }
        hostile.awaitStalled();
        problems.addAll(refused);
    }

    private void servesANewClient(long seed, List<String> problems) {
        try (WellFormedClient fresh = wellFormed.connect(port)) {
            fresh.exchange(new Random(seed + 1));
        } catch (Exception | AssertionError e) {
            problems.add("after the run, a new well-formed client was not served correctly: "
                    + ErrorWatch.stackTrace(e));
        }
    }

    /**
     * Waits for the server to close its side of every connection: its channel count back to
     * what it was, and, where the system shows descriptors ({@code socketsBefore} not null), no
     * socket opened since the run began still open (a channel left behind, or, reset and no
     * longer in the kernel's table, one that missed the reset; or a channel that left its loop
     * but kept its socket), and no file under the watched directories.
     */
    private void checkNothingLeftOpen(int channelsBefore, Set<String> socketsBefore, HostileClients hostile,
            List<String> problems, Set<Integer> suspects) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        int channels;
        Set<String> left = Set.of();
        List<String> files = List.of();
        do {
            channels = server.channelCount();
            if (socketsBefore != null) {
                try {
                    left = new HashSet<>(OpenDescriptors.sockets());
                    left.removeAll(socketsBefore);
                    files = new ArrayList<>();
                    for (Path dir : watched) {
                        files.addAll(OpenDescriptors.filesUnder(dir));
                    }
                } catch (UncheckedIOException noDescriptorLeft) {
                    left = Set.of(noDescriptorLeft.getMessage());
                }
            }
            if (channels == channelsBefore && left.isEmpty() && files.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        if (channels != channelsBefore) {
            problems.add("the server has " + channels + " channels " + SETTLE_MILLIS / 1000
                    + " s after every client closed, " + channelsBefore + " before the run");
        }
        if (!left.isEmpty()) {
            problems.add(left.size() + " socket(s) still open " + SETTLE_MILLIS / 1000
                    + " s after every client closed, so channels were left open: "
                    + OpenDescriptors.describe(new TreeSet<>(left)));
            for (int clientPort : OpenDescriptors.remotePorts(left)) {
                suspects.addAll(hostile.casesUsing(clientPort));
            }
        }
        if (!files.isEmpty()) {
            problems.add(files.size() + " file(s) still open after every client closed: " + files);
        }
    }

    private static List<Integer> casesNamedBy(String text, HostileClients hostile) {
        List<Integer> cases = new ArrayList<>();
        Matcher m = PEER.matcher(text);
        while (m.find()) {
            cases.addAll(hostile.casesUsing(Integer.parseInt(m.group(1))));
        }
        return cases;
    }

    private String save(FuzzCase c, long seed) {
        Path file = Path.of("target", "fuzz-failures", name.replaceAll("\\W+", "-") + "-seed-" + seed + "-case-"
                + c.number() + ".bin");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, c.bytes());
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            return "(not saved: " + e + ")";
        }
    }

    private static String kib(long bytes) {
        return bytes < 10 * 1024 ? bytes + " bytes" : bytes / 1024 + " KiB";
    }
}

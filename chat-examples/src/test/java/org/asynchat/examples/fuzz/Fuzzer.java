package org.asynchat.examples.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <li>the well-formed client got a correct answer to every request;
 * <li>the server still accepts and serves a new client;
 * <li>once every client has gone, no socket the run opened is still open, nor any file under
 * the watched directories ({@link OpenDescriptors}): no channel was left behind.
 * </ol>
 * The bytes of every case named in a failure are written to {@code target/fuzz-failures/}.
 *
 * <p>Uses only the server's port, so it holds however the server is run.
 */
final class Fuzzer {

    /** How long the server gets to close its side of every connection once the clients are gone. */
    private static final long SETTLE_MILLIS = 10_000;
    /** ERROR events, and twice as many suspect cases, shown in a failure message. */
    private static final int SHOWN = 5;
    /** Server log lines name a channel's peer this way. */
    private static final Pattern PEER = Pattern.compile("<-> /127\\.0\\.0\\.1:(\\d+)");

    private final String name;
    private final int port;
    private Corpus corpus;
    private WellFormedClient.Factory wellFormed;
    private final List<Path> watched = new ArrayList<>();

    private Fuzzer(String name, int port) {
        this.name = name;
        this.port = port;
    }

    /**
     * Starts describing a run.
     *
     * @param name what is fuzzed, for messages: for example {@code "http on nio"}
     * @param server the server
     * @return the run, to be given a corpus and a well-formed client
     */
    static Fuzzer target(String name, RunningServer server) {
        return new Fuzzer(name, server.port());
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
     * Runs the cases and checks the server.
     *
     * @throws Exception an {@link AssertionError} listing every problem, with the seed
     */
    void run() throws Exception {
        FuzzSettings settings = FuzzSettings.fromSystemProperties();
        String run = name + ", seed " + settings.seed() + " (rerun with " + settings.rerun() + ")";
        System.out.println("fuzz " + run + ": up to " + settings.cases() + " cases or " + settings.duration().toSeconds()
                + " s, " + settings.clients() + " hostile clients at a time");
        boolean leakCheck = OpenDescriptors.available();
        if (!leakCheck) {
            System.out.println("SKIPPED the leak check: this system has no /proc/self/fd");
        }
        Set<String> socketsBefore = leakCheck ? OpenDescriptors.sockets() : Set.of();
        CaseGenerator generator = new CaseGenerator(corpus);
        List<String> problems = new ArrayList<>();
        Set<Integer> suspects = new TreeSet<>();
        long started = System.nanoTime();
        int exchanges;
        String figures;
        try (ErrorWatch errors = ErrorWatch.install(); HostileClients hostile = new HostileClients(port)) {
            try (Witness witness = Witness.start(wellFormed, port, settings.seed())) {
                playCases(settings, generator, hostile, witness, problems);
                // The witness disconnects here: the leak check below then covers its channel too.
                exchanges = witness.exchanges();
                witness.close();
                if (witness.failure() != null) {
                    problems.add("the well-formed client connected throughout got a wrong answer (or none) after "
                            + exchanges + " correct exchanges: " + stackTrace(witness.failure()));
                } else if (exchanges == 0) {
                    problems.add("the well-formed client completed no exchange during the run");
                }
            }
            servesANewClient(settings.seed(), problems);
            if (leakCheck) {
                checkNothingLeftOpen(socketsBefore, hostile, problems, suspects);
            }
            List<ErrorWatch.Event> events = errors.errors();
            for (int i = 0; i < events.size(); i++) {
                List<Integer> cases = casesNamedBy(events.get(i).text(), hostile);
                suspects.addAll(cases);
                if (i < SHOWN) {
                    problems.add("ERROR event (an exception reached the loop)" + (cases.isEmpty() ? ""
                            : " on the connection of " + (cases.size() == 1 ? "case " : "one of cases ") + cases)
                            + ": " + events.get(i));
                }
            }
            if (events.size() > SHOWN) {
                problems.add((events.size() - SHOWN) + " more ERROR events (in the test's output)");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            figures = hostile.cases.sum() + " cases in " + String.format("%.1f", seconds) + " s ("
                    + kib(hostile.bytesSent.sum()) + " sent, " + kib(hostile.bytesReceived.sum()) + " received; "
                    + hostile.cutOffByServer.sum() + " cut off by the server, " + hostile.halfClosesFinished.sum()
                    + " half-closes closed in turn, " + hostile.timedOut.sum() + " reset by the watchdog), "
                    + exchanges + " well-formed exchanges, " + errors.errors().size() + " ERROR and "
                    + errors.warnings() + " WARN events";
        }
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("fuzz " + run + ": " + figures + "; " + problems.size()
                    + " problem(s):");
            for (String p : problems) {
                message.append("\n- ").append(p);
            }
            for (int n : suspects.stream().limit(2 * SHOWN).toList()) {
                FuzzCase c = generator.generate(settings.seed(), n);
                message.append("\n* ").append(c).append("; replay with ").append(settings.rerun())
                        .append(" -Dfuzz.case=").append(n).append("; bytes in ").append(save(c, settings.seed()));
            }
            throw new AssertionError(message.toString());
        }
        System.out.println("fuzz " + run + ": " + figures + "; no socket or file left open");
    }

    /** Plays cases from several threads until the count or the time runs out, or the witness fails. */
    private void playCases(FuzzSettings settings, CaseGenerator generator, HostileClients hostile, Witness witness,
            List<String> problems) throws InterruptedException {
        long deadline = System.nanoTime() + settings.duration().toNanos();
        AtomicInteger next = new AtomicInteger();
        List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService players = Executors.newFixedThreadPool(settings.clients(), HostileClients.daemon("fuzz-player"));
        for (int t = 0; t < settings.clients(); t++) {
            players.execute(() -> {
                int i;
                while (refused.isEmpty() && !witness.failed() && System.nanoTime() < deadline
                        && (i = next.getAndIncrement()) < settings.cases()) {
                    FuzzCase c = generator.generate(settings.seed(), settings.caseNumber(i));
                    try {
                        hostile.play(c);
                    } catch (IOException e) {
                        refused.add("the server did not accept a new connection for case " + c.number() + ": " + e);
                    }
                }
            });
        }
        players.shutdown();
        long limit = settings.duration().toMillis() + HostileClients.CASE_LIMIT_MILLIS + 10_000;
        if (!players.awaitTermination(limit, TimeUnit.MILLISECONDS)) {
            players.shutdownNow();
            problems.add("the hostile clients did not finish within " + limit + " ms");
        }
        problems.addAll(refused);
    }

    private void servesANewClient(long seed, List<String> problems) {
        try (WellFormedClient fresh = wellFormed.connect(port)) {
            fresh.exchange(new Random(seed + 1));
        } catch (Exception | AssertionError e) {
            problems.add("after the run, a new well-formed client was not served correctly: " + stackTrace(e));
        }
    }

    /**
     * Waits for the server to close its side of every connection; the sockets opened since the
     * run began that are still open are channels left behind (or, reset and no longer in the
     * kernel's table, channels that missed the reset).
     */
    private void checkNothingLeftOpen(Set<String> before, HostileClients hostile, List<String> problems,
            Set<Integer> suspects) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        Set<String> left;
        List<String> files;
        do {
            left = new HashSet<>(OpenDescriptors.sockets());
            left.removeAll(before);
            files = new ArrayList<>();
            for (Path dir : watched) {
                files.addAll(OpenDescriptors.filesUnder(dir));
            }
            if (left.isEmpty() && files.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        if (!left.isEmpty()) {
            problems.add(left.size() + " socket(s) still open " + SETTLE_MILLIS / 1000
                    + " s after every client closed, so channels were left open: " + OpenDescriptors.describe(left));
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

    private static String stackTrace(Throwable t) {
        java.io.StringWriter text = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}

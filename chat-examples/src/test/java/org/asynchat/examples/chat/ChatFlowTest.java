package org.asynchat.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.asynchat.examples.AvailableBackends;
import org.asynchat.examples.RunningServer;
import org.asynchat.examples.TextClient;
import org.asynchat.spi.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the room's lines flow when members read at different speeds (issue 12, item 5): one
 * member pastes a lot, one never reads, one reads slowly but steadily. Real sockets, the server
 * with its default flags, as users run it. The bounds (every line within 60 s, no gap over 2 s)
 * are the issue's; what each run measured is printed as a {@code CHAT ...} line.
 */
class ChatFlowTest {

    /** The paste: 20 MiB of 200-byte lines (199 characters and a newline). */
    static final int LINE_BYTES = 200;
    static final int PASTE_LINES = 20 * 1024 * 1024 / LINE_BYTES;
    /** How the paster's client writes: a terminal paste piped through nc arrives in such pieces. */
    static final int WRITE_BYTES = Integer.getInteger("chat.paste.write", 16 * 1024);

    /** Each backend with one loop, and with two (cat, bob and ann then alternate between the loops). */
    static Stream<Arguments> backendsAndLoops() {
        return AvailableBackends.all().flatMap(b -> Stream.of(Arguments.of(b, 1), Arguments.of(b, 2)));
    }

    /** Connects and joins; returns after the welcome lines. */
    static TextClient join(RunningServer server, String nick, int receiveBuffer) throws IOException {
        TextClient c = new TextClient(server.port(), receiveBuffer);
        assertTrue(c.readLine().contains("what is your nickname?"));
        c.send(nick + "\n");
        assertTrue(c.readLine().startsWith("* hello " + nick + ";"));
        assertTrue(c.readLine().startsWith("* commands:"));
        return c;
    }

    /** Line {@code i} of the paste, without its newline: numbered, so that order and gaps show. */
    static String pasteLine(int i) {
        String head = String.format("paste %07d ", i);
        return head + "x".repeat(LINE_BYTES - 1 - head.length());
    }

    /** Starts a thread that sends the first {@code lines} paste lines in writes of {@link #WRITE_BYTES}. */
    static Thread paste(TextClient ann, int lines) {
        Thread t = new Thread(() -> {
            try {
                OutputStream out = ann.socket().getOutputStream();
                byte[] chunk = new byte[WRITE_BYTES];
                int filled = 0;
                for (int i = 0; i < lines; i++) {
                    byte[] line = (pasteLine(i) + "\n").getBytes(StandardCharsets.US_ASCII);
                    for (int at = 0; at < line.length;) {
                        int n = Math.min(line.length - at, chunk.length - filled);
                        System.arraycopy(line, at, chunk, filled, n);
                        filled += n;
                        at += n;
                        if (filled == chunk.length) {
                            out.write(chunk, 0, filled);
                            filled = 0;
                        }
                    }
                }
                out.write(chunk, 0, filled);
                out.flush();
            } catch (IOException closed) {
                // the test ended first; its assertions say why
            }
        }, "chat-paster");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** What one reader got of the paste: in order, how fast, and the longest wait between two lines. */
    static final class PasteWatch {
        final String who;
        final int lines;
        final AtomicLong next = new AtomicLong();
        volatile String wrong;
        volatile long firstNanos;
        volatile long lastNanos;
        volatile long longestGapNanos;
        volatile long longestGapAt = -1;
        private long previous;
        private final int[] perSecond = new int[70];
        volatile long startNanos;

        PasteWatch(String who, int lines) {
            this.who = who;
            this.lines = lines;
        }

        /** Called for every line the reader gets. */
        void seen(String line) {
            long now = System.nanoTime();
            if (!line.startsWith("<ann> paste ")) {
                return;
            }
            long i = next.get();
            if (wrong == null && !line.equals("<ann> " + pasteLine((int) i))) {
                wrong = "line " + i + " expected, got: " + line.substring(0, Math.min(40, line.length()));
            }
            if (i == 0) {
                firstNanos = now;
            } else if (now - previous > longestGapNanos) {
                longestGapNanos = now - previous;
                longestGapAt = i;
            }
            previous = now;
            lastNanos = now;
            int second = (int) ((now - startNanos) / 1_000_000_000L);
            if (second >= 0 && second < perSecond.length) {
                perSecond[second]++;
            }
            next.incrementAndGet();
        }

        /** Lines received in each second since the start, up to the last second with any. */
        String profile() {
            int last = perSecond.length - 1;
            while (last > 0 && perSecond[last] == 0) {
                last--;
            }
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s <= last; s++) {
                sb.append(s == 0 ? "" : " ").append(perSecond[s]);
            }
            return sb.toString();
        }

        boolean done() {
            return next.get() == lines;
        }

        String summary(long startNanos) {
            return String.format("%s got %d of %d lines%s, the last at %.1f s, longest gap %.2f s (before line %d, at %.1f s)",
                    who, next.get(), lines, wrong == null ? " in order" : " (" + wrong + ")",
                    seconds(lastNanos - startNanos), seconds(longestGapNanos), longestGapAt,
                    seconds(lastNanos == 0 ? 0 : firstNanos - startNanos));
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Waits until {@code done} or the deadline; true if done. */
    static boolean await(java.util.function.BooleanSupplier done, long deadlineNanos) throws InterruptedException {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * The case: cat connects with a 4 KiB receive buffer and never reads; ann pastes
     * 20 MiB of 200-byte lines. bob, who reads, gets every line in order within 60 s with no
     * gap over 2 s; cat is dropped, and told why (it reads once the room has dropped it: what
     * it finds at the end of its stream is the notice).
     */
    @ParameterizedTest(name = "on {0} with {1} loop(s)")
    @MethodSource("backendsAndLoops")
    void aPasteReachesTheReadersWhileAMemberWhoNeverReadsIsDropped(Backend backend, int loops) throws Exception {
        try (RunningServer server = RunningServer.start(new ChatExample(), backend, "--threads", String.valueOf(loops));
                TextClient cat = join(server, "cat", 4096);
                TextClient bobSocket = join(server, "bob", 0);
                TextClient annSocket = join(server, "ann", 0)) {
            assertEquals("* bob has joined", cat.readLine()); // and from now on cat reads nothing
            assertEquals("* ann has joined", bobSocket.readLine());
            PasteWatch bob = new PasteWatch("bob", PASTE_LINES);
            AtomicLong catDroppedAt = new AtomicLong();
            try (RoomReader bobReader = new RoomReader("bob", bobSocket, line -> {
                if (line.startsWith("* cat was dropped")) {
                    catDroppedAt.compareAndSet(0, System.nanoTime());
                }
                bob.seen(line);
            }); RoomReader annReader = new RoomReader("ann", annSocket, line -> { })) {
                long start = System.nanoTime();
                bob.startNanos = start;
                // cat looks at its screen again once the room has dropped it: the notice is the end of its stream.
                AtomicReference<String> catTold = new AtomicReference<>();
                Thread catWakes = new Thread(() -> {
                    try {
                        if (await(() -> catDroppedAt.get() != 0, start + TimeUnit.SECONDS.toNanos(65))) {
                            catTold.set(lastLineOf(cat));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "chat-cat");
                catWakes.setDaemon(true);
                catWakes.start();
                paste(annSocket, PASTE_LINES);
                boolean complete = await(bob::done, start + TimeUnit.SECONDS.toNanos(60));
                await(() -> catDroppedAt.get() != 0, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
                catWakes.join(TimeUnit.SECONDS.toMillis(10));
                System.out.printf("CHAT paste on %s with %d loop(s) of %.0f MiB in %d-byte writes: %s; bob's lines per"
                        + " second: %s; cat %s; cat's last line: %s%n", backend.name(), loops, PASTE_LINES * (double) LINE_BYTES / (1 << 20),
                        WRITE_BYTES, bob.summary(start), bob.profile(),
                        catDroppedAt.get() == 0 ? "was not dropped"
                                : String.format("dropped at %.1f s", seconds(catDroppedAt.get() - start)),
                        catTold.get());
                assertTrue(bob.wrong == null, bob.wrong);
                assertTrue(complete, "bob got every line within 60 s: " + bob.summary(start));
                assertTrue(bob.longestGapNanos <= TimeUnit.SECONDS.toNanos(2), "no gap over 2 s: " + bob.summary(start));
                assertTrue(catDroppedAt.get() != 0, "bob was told that cat was dropped");
                assertTrue(catDroppedAt.get() - start <= TimeUnit.SECONDS.toNanos(5),
                        "cat, behind from the paste's first moment and reading nothing, was dropped within a few seconds");
                assertTrue(catTold.get() != null && catTold.get().contains("! disconnected: "),
                        "cat was told why: " + catTold.get());
            }
        }
    }

    /**
     * A member who reads slowly but steadily (a 4 KiB receive buffer, 8 KiB every 50 ms: about
     * 160 KB/s) is not dropped by a paste of 1 MiB: the room goes at its pace, and it gets every
     * line, as bob does.
     */
    @ParameterizedTest(name = "on {0}")
    @MethodSource("org.asynchat.examples.AvailableBackends#all")
    void aSlowButSteadyReaderIsNotDroppedByAPaste(Backend backend) throws Exception {
        int lines = 1024 * 1024 / LINE_BYTES;
        try (RunningServer server = RunningServer.start(new ChatExample(), backend);
                TextClient danSocket = join(server, "dan", 4096);
                TextClient bobSocket = join(server, "bob", 0);
                TextClient annSocket = join(server, "ann", 0)) {
            assertEquals("* bob has joined", danSocket.readLine());
            assertEquals("* ann has joined", danSocket.readLine());
            assertEquals("* ann has joined", bobSocket.readLine());
            PasteWatch dan = new PasteWatch("dan", lines);
            PasteWatch bob = new PasteWatch("bob", lines);
            AtomicReference<String> dropNotice = new AtomicReference<>();
            try (RoomReader danReader = new RoomReader("dan", danSocket, dan::seen, 8 * 1024, 50);
                    RoomReader bobReader = new RoomReader("bob", bobSocket, line -> {
                        if (line.contains(" was dropped")) {
                            dropNotice.compareAndSet(null, line);
                        }
                        bob.seen(line);
                    }); RoomReader annReader = new RoomReader("ann", annSocket, line -> { })) {
                long start = System.nanoTime();
                dan.startNanos = start;
                bob.startNanos = start;
                paste(annSocket, lines);
                boolean complete = await(() -> dan.done() && bob.done(), start + TimeUnit.SECONDS.toNanos(40));
                System.out.printf("CHAT slow reader on %s, paste of 1 MiB: %s; %s; dan's lines per second: %s;"
                        + " %s%n", backend.name(), dan.summary(start), bob.summary(start), dan.profile(),
                        dropNotice.get() == null ? "nobody dropped" : dropNotice.get());
                assertTrue(dan.wrong == null, dan.wrong);
                assertTrue(dropNotice.get() == null, "dan reads, and was not dropped: " + dropNotice.get());
                assertTrue(danReader.failure() == null && !danReader.awaitEnd(0), "dan's connection is open");
                assertTrue(complete, "dan and bob got every line within 40 s: " + dan.summary(start) + "; "
                        + bob.summary(start));
                assertTrue(dan.longestGapNanos <= TimeUnit.SECONDS.toNanos(2), "no gap over 2 s: " + dan.summary(start));
                assertTrue(bob.longestGapNanos <= TimeUnit.SECONDS.toNanos(2), "no gap over 2 s: " + bob.summary(start));
            }
        }
    }

    /**
     * A member behind that reads nothing is dropped after the stall timeout even when its
     * lines stay under the sendq (the room went quiet): here 400 KB of lines, a 512 KiB sendq
     * and {@code --stall-timeout 2s}. bob gets every line meanwhile.
     */
    @ParameterizedTest(name = "on {0}")
    @MethodSource("org.asynchat.examples.AvailableBackends#all")
    void aMemberBehindThatReadsNothingIsDroppedAtTheStallTimeout(Backend backend) throws Exception {
        int lines = 2000;
        try (RunningServer server = RunningServer.start(new ChatExample(), backend, "--max-queue", "512k",
                "--stall-timeout", "2s");
                TextClient cat = join(server, "cat", 4096);
                TextClient bobSocket = join(server, "bob", 0);
                TextClient annSocket = join(server, "ann", 0)) {
            assertEquals("* bob has joined", cat.readLine()); // and from now on cat reads nothing
            assertEquals("* ann has joined", bobSocket.readLine());
            PasteWatch bob = new PasteWatch("bob", lines);
            AtomicLong catDroppedAt = new AtomicLong();
            try (RoomReader bobReader = new RoomReader("bob", bobSocket, line -> {
                if (line.equals("* cat was dropped (not reading)")) {
                    catDroppedAt.compareAndSet(0, System.nanoTime());
                }
                bob.seen(line);
            }); RoomReader annReader = new RoomReader("ann", annSocket, line -> { })) {
                long start = System.nanoTime();
                bob.startNanos = start;
                paste(annSocket, lines);
                boolean complete = await(bob::done, start + TimeUnit.SECONDS.toNanos(30));
                boolean dropped = await(() -> catDroppedAt.get() != 0, start + TimeUnit.SECONDS.toNanos(30));
                String catTold = lastLineOf(cat);
                System.out.printf("CHAT stall timeout on %s: %s; cat %s; cat's last line: %s%n", backend.name(),
                        bob.summary(start), dropped ? String.format("dropped at %.1f s", seconds(catDroppedAt.get() - start))
                                : "was not dropped", catTold);
                assertTrue(bob.wrong == null, bob.wrong);
                assertTrue(complete, "bob got every line: " + bob.summary(start));
                assertTrue(dropped, "cat was dropped");
                assertTrue(catTold != null && catTold.matches(".*! disconnected: you read nothing for 2 s while \\d+ bytes"
                        + " were waiting for you"), "cat was told why: " + catTold);
            }
        }
    }

    /** Reads what is left for a member to the end of its stream; returns the last line, or what ended it. */
    static String lastLineOf(TextClient member) {
        String last = null;
        try {
            member.socket().setSoTimeout(5000);
            for (String line; (line = member.readLine()) != null;) {
                last = line;
            }
            return last;
        } catch (IOException e) {
            return last + " (then " + e + ")";
        }
    }
}

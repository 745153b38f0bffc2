package org.asynchat.examples.fuzz;

import static org.asynchat.examples.fuzz.Fuzzer.BACKENDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.asynchat.examples.AvailableBackends;
import org.asynchat.examples.RunningServer;
import org.asynchat.examples.TextClient;
import org.asynchat.examples.chat.ChatExample;
import org.asynchat.spi.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and mutated sessions at the chat example (nicknames, commands, long lines, members
 * that never read and are dropped), while two well-formed members keep hearing each other.
 */
class ChatFuzzTest {

    static final Corpus CORPUS = Corpus.of(List.of(
            "alice\r\nhello everyone\r\n/who\r\n/me waves\r\n/quit bye\r\n",
            "bob\nhi\n/nick robert\n/nick ROBERT\n/help\nstill here\n",
            "carol\n/unknown\n\n   \n/nick\n/nick bad name!\n/me\n/quit\n",
            "dave\n" + "y".repeat(5000) + "\nstill here\n",
            "erin\nh\u00c3\u00a9llo \u00f0\u009f\u0091\u008b\n\u00ff\u00fe broken utf-8\n",
            "x".repeat(30) + "\nbad nick!\nok_nick-1\n/who\n",
            "frank\r\n/quit\r\nafter quit\r\n"),
            List.of("/nick", "/who", "/me", "/quit", "/help", "/", "\n", "\r\n", "\r", " ", "alice", "bob", "ALICE",
                    "<", ">", "*", "!", "_", "-"));

    static Stream<Arguments> backendsAndLoops() {
        return AvailableBackends.all().flatMap(b -> Stream.of(Arguments.of(b, 1), Arguments.of(b, 2)));
    }

    @ParameterizedTest(name = "chat on {0}")
    @MethodSource(BACKENDS)
    void hostileInputHarmsNoOtherClient(Backend backend) throws Exception {
        try (RunningServer server = RunningServer.start(new ChatExample(), backend, FuzzSettings.serverFlags())) {
            Fuzzer.target("chat on " + backend.name(), server).corpus(CORPUS).wellFormed(Pair::new).run();
        }
    }

    /**
     * Regression: a member that reads, but more slowly than another member talks. A member
     * flooding the room with short lines had them broadcast faster than others could read, and
     * those left behind were dropped as "not reading" though they were (found by
     * {@link #hostileInputHarmsNoOtherClient}, seeds 8906733855281 on epoll and 8922584752162 on
     * nio, with floods of lines among the cases in flight; with {@code -Dfuzz.threads=2}, also
     * when the flood came from another loop). Here one member floods while another does not
     * read for a moment, as on a slow link: the flood must wait for it, not drop it. With two
     * loops, the flooder is on the other loop than the slow member (connections are dealt out
     * in turn). The moment is half a second: the room waits up to a second for a member that
     * reads nothing (a longer rest is a stalled member, whom the room stops waiting for and
     * drops at its sendq; see {@code ChatFlowTest}).
     */
    @ParameterizedTest(name = "chat on {0} with {1} loop(s)")
    @MethodSource("backendsAndLoops")
    void aFloodWaitsForASlowReaderInsteadOfDroppingIt(Backend backend, int loops) throws Exception {
        try (RunningServer server = RunningServer.start(new ChatExample(), backend, "--threads", String.valueOf(loops));
                Member ann = new Member(server.port(), "ann");
                TextClient flooder = new TextClient(server.port())) {
            flooder.readLine();
            flooder.send("flooder\n");
            ann.await(line -> line.equals("* flooder has joined"), "the flooder's arrival");
            byte[] flood = Mutations.repeat(Bytes.ascii("a\n"), Integer.MAX_VALUE, 2 * 1024 * 1024);
            Thread sender = new Thread(() -> {
                try {
                    flooder.send(flood);
                } catch (IOException closedAtTheEnd) {
                    // the test is over
                }
            }, "chat-flooder");
            sender.setDaemon(true);
            try (Member slow = new Member(server.port(), "slow", 500)) {
                sender.start();
                Thread.sleep(1300); // the flood goes on while the slow member rests
                ann.send("after the pause");
                slow.await(line -> line.equals("<ann> after the pause"), "ann's line, behind the flood");
            }
        }
    }

    /** Two members who talk to each other; every line the room sends them is read at once. */
    static final class Pair implements WellFormedClient {
        private final Member ann;
        private final Member ben;

        Pair(int port) throws IOException, InterruptedException {
            Random r = new Random();
            ann = new Member(port, "ann" + Payloads.token(r));
            ben = new Member(port, "ben" + Payloads.token(r));
            ann.await(line -> line.equals("* " + ben.nick + " has joined"), "ben's arrival");
        }

        @Override
        public void exchange(Random random) throws Exception {
            String text = "m" + Payloads.text(random, 1000); // never a command: those start with '/'
            switch (random.nextInt(3)) {
                case 0 -> {
                    ann.send(text);
                    ben.await(line -> line.equals("<" + ann.nick + "> " + text), "ann's line");
                }
                case 1 -> {
                    ben.send("/me " + text);
                    ann.await(line -> line.equals("* " + ben.nick + " " + text), "ben's action");
                }
                default -> {
                    ann.send("/who");
                    ann.await(line -> line.startsWith("* here: ")
                            && Arrays.asList(line.substring(8).split(", ")).containsAll(List.of(ann.nick, ben.nick)),
                            "the list of members, with both");
                }
            }
        }

        @Override
        public void close() throws IOException {
            ann.close();
            ben.close();
        }
    }

    /** A member; a thread of its own reads every line into a queue, so the room never finds it not reading. */
    static final class Member implements AutoCloseable {
        /** Marks the end of the stream in the queue. */
        private static final String END = new String("end of stream");

        final String nick;
        private final TextClient socket;
        private final long restMillis;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Member(int port, String nick) throws IOException, InterruptedException {
            this(port, nick, 0);
        }

        /**
         * Joins; the member reads nothing for {@code restMillis} after its welcome, as a client on
         * a slow link falls behind for a while.
         */
        Member(int port, String nick, long restMillis) throws IOException, InterruptedException {
            this.nick = nick;
            this.socket = new TextClient(port, restMillis > 0 ? 4096 : 0);
            this.restMillis = restMillis;
            socket.socket().setSoTimeout(0); // the reader waits for lines as long as the member is connected
            Thread reader = new Thread(this::readLines, "chat-witness-" + nick);
            reader.setDaemon(true);
            reader.start();
            send(nick);
            await(line -> line.startsWith("* hello " + nick + ";"), "the welcome");
        }

        private void readLines() {
            try {
                String line;
                while ((line = socket.readLine()) != null) {
                    lines.add(line);
                    if (restMillis > 0 && line.startsWith("* hello " + nick + ";")) {
                        Thread.sleep(restMillis); // falls behind, once
                    }
                }
            } catch (IOException | InterruptedException closed) {
                // closed by close(), or by the server: either way, the end
            }
            lines.add(END);
        }

        void send(String line) throws IOException {
            socket.send(line + "\r\n");
        }

        /** Reads lines (others' chatter is skipped) until one matches; fails after 10 s or at end of stream. */
        void await(Predicate<String> wanted, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Deque<String> skipped = new ArrayDeque<>();
            String line;
            do {
                line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                String last = line;
                assertTrue(line != null && line != END, () -> nick + " did not receive " + what + " ("
                        + (last == null ? "nothing within 10 s" : "the server closed the connection")
                        + "); the last lines it did receive: " + skipped);
                skipped.addLast(line);
                if (skipped.size() > 5) {
                    skipped.removeFirst();
                }
            } while (!wanted.test(line));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

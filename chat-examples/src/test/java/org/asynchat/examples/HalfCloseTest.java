package org.asynchat.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.asynchat.EventLoop;
import org.asynchat.examples.chat.ChatExample;
import org.asynchat.examples.echo.EchoExample;
import org.asynchat.examples.http.HttpExample;
import org.asynchat.examples.resp.RespExample;
import org.asynchat.examples.smtp.SmtpExample;
import org.asynchat.spi.Backend;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example answers a client that half-closes: it sends its requests, shuts down its
 * sending side, then reads slowly (as {@code printf ... | nc -N}, HTTP/1.0-style clients and
 * {@code redis-cli} in a pipe do). Each answer is far larger than the socket buffers, so most
 * of it is still queued in the server when the end of stream arrives; the client must get it
 * all, byte for byte, then end of stream, on every backend.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HalfCloseTest {

    /** At least this much is answered in each case: about twice what the kernel's buffers absorb here. */
    static final int ANSWER_BYTES = 8 * 1024 * 1024;
    /** The client's receive buffer, set before connecting, as a slow reader's would be. */
    static final int RECEIVE_BUFFER = 64 * 1024;

    @TempDir
    Path dir;

    static Stream<Backend> backends() {
        return AvailableBackends.all();
    }

    /**
     * Waits until the server's loop threads are idle for a quarter of a second: it has read all input
     * and the end of stream, and waits for the client to read. Only then does the case hold
     * whatever the machine's speed: had the client started reading earlier, a slow server could
     * still be answering when the end of stream arrived, with little queued.
     */
    static void awaitServerIdle(RunningServer server) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Set<String> names = server.group().loops().stream().map(EventLoop::name).collect(Collectors.toSet());
        long[] ids = Thread.getAllStackTraces().keySet().stream().filter(t -> names.contains(t.getName()))
                .mapToLong(Thread::getId).toArray();
        assertTrue(ids.length > 0, "no thread named as the server's loops " + names);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long used = cpuNanos(threads, ids);
        while (true) {
            Thread.sleep(250);
            long now = cpuNanos(threads, ids);
            // Idle: under 2 % of a core, what the examples' own timers (resp's expiry sweep) cost.
            if (now - used < TimeUnit.MILLISECONDS.toNanos(5)) {
                return;
            }
            used = now;
            assertTrue(System.nanoTime() < deadline, "the server never went idle");
        }
    }

    private static long cpuNanos(ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    /** A raw client that writes a batch, half-closes, and reads the rest slowly. */
    static final class HalfClosingClient implements AutoCloseable {
        final RunningServer server;
        final Socket socket = new Socket();
        final InputStream in;

        HalfClosingClient(RunningServer server) throws IOException {
            this.server = server;
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(20_000);
            in = new BufferedInputStream(socket.getInputStream());
        }

        /** Reads one line up to LF, returned with its CRLF or LF. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
                if (c == '\n') {
                    break;
                }
            }
            return b.toString(StandardCharsets.UTF_8);
        }

        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        void send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
        }

        /**
         * Sends the batch, shuts down the sending side, waits until the server has seen the end of
         * stream (with most of its answer still queued), then reads slowly to end of stream.
         */
        byte[] sendHalfCloseAndReadSlowly(byte[] batch) throws IOException, InterruptedException {
            send(batch);
            socket.shutdownOutput();
            awaitServerIdle(server);
            ByteArrayOutputStream got = new ByteArrayOutputStream(ANSWER_BYTES);
            byte[] piece = new byte[16 * 1024];
            int n;
            while ((n = in.read(piece)) > 0) {
                got.write(piece, 0, n);
                if (got.size() % (512 * 1024) < n) {
                    Thread.sleep(2);
                }
            }
            return got.toByteArray();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void assertAnswer(byte[] expected, byte[] got) {
        assertEquals(expected.length, got.length, "the whole answer, then end of stream: got " + got.length
                + " of " + expected.length + " bytes");
        assertArrayEquals(expected, got, "byte for byte");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] repeat(String s, int times) {
        return ascii(s.repeat(times));
    }

    @ParameterizedTest(name = "echo on {0}")
    @MethodSource("backends")
    void echoReturnsEveryLine(Backend backend) throws Exception {
        StringBuilder lines = new StringBuilder(ANSWER_BYTES);
        for (int i = 0; lines.length() < ANSWER_BYTES; i++) {
            lines.append(String.format("%08d ", i)).append("abcdefghijklmnopqrstuvwxyz".repeat(4)).append('\n');
        }
        byte[] batch = ascii(lines.toString());
        try (RunningServer server = RunningServer.start(new EchoExample(), backend);
                HalfClosingClient c = new HalfClosingClient(server)) {
            assertAnswer(batch, c.sendHalfCloseAndReadSlowly(batch));
        }
    }

    @ParameterizedTest(name = "resp on {0}")
    @MethodSource("backends")
    void respAnswersAPipelinedBatch(Backend backend) throws Exception {
        String value = "v".repeat(1000) + "0123456789abcdefghijklmn"; // 1024 bytes
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        batch.writeBytes(ascii("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1024\r\n" + value + "\r\n"));
        expected.writeBytes(ascii("+OK\r\n"));
        for (int i = 1; expected.size() < ANSWER_BYTES; i++) {
            batch.writeBytes(ascii("GET k\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n"));
            expected.writeBytes(ascii("$1024\r\n" + value + "\r\n:" + i + "\r\n"));
        }
        try (RunningServer server = RunningServer.start(new RespExample(), backend);
                HalfClosingClient c = new HalfClosingClient(server)) {
            assertAnswer(expected.toByteArray(), c.sendHalfCloseAndReadSlowly(batch.toByteArray()));
        }
    }

    @ParameterizedTest(name = "smtp on {0}")
    @MethodSource("backends")
    void smtpStoresTheMessageAndAnswersEveryCommandThroughQuit(Backend backend) throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        try (RunningServer server = RunningServer.start(new SmtpExample(), backend, "--spool", spool.toString(),
                "--hostname", "mx.test");
                HalfClosingClient c = new HalfClosingClient(server)) {
            assertTrue(c.line().startsWith("220 mx.test"));
            c.send("HELO client.test\r\n");
            assertTrue(c.line().startsWith("250 mx.test"));
            c.send("HELP\r\n");
            String help = c.line(); // learnt here, expected for every HELP of the batch
            assertTrue(help.startsWith("250 "), help);
            c.send("MAIL FROM:<ann@example.org>\r\n");
            assertTrue(c.line().startsWith("250"));
            c.send("RCPT TO:<bob@example.org>\r\n");
            assertTrue(c.line().startsWith("250"));
            c.send("DATA\r\n");
            assertTrue(c.line().startsWith("354"));
            String message = "Subject: half-closed\r\n\r\nsent, then shut down, then read\r\n";
            int helps = ANSWER_BYTES / help.length() + 1;
            byte[] batch = ascii(message + ".\r\n" + "HELP\r\n".repeat(helps) + "QUIT\r\n");

            byte[] got = c.sendHalfCloseAndReadSlowly(batch);
            String text = new String(got, StandardCharsets.UTF_8);
            String queued = text.substring(0, Math.max(0, text.indexOf("\r\n") + 2));
            assertTrue(queued.startsWith("250 OK: queued as "), "the message was accepted: " + queued);
            byte[] rest = Arrays.copyOfRange(got, queued.length(), got.length);
            assertAnswer(ascii(help.repeat(helps) + "221 Bye\r\n"), rest);
            String id = queued.substring("250 OK: queued as ".length()).strip();
            String stored = Files.readString(spool.resolve(id + ".eml"), StandardCharsets.UTF_8);
            assertTrue(stored.endsWith("sent, then shut down, then read\r\n"), stored);
        }
    }

    @ParameterizedTest(name = "chat on {0}")
    @MethodSource("backends")
    void chatAnswersEveryCommand(Backend backend) throws Exception {
        try (RunningServer server = RunningServer.start(new ChatExample(), backend);
                HalfClosingClient c = new HalfClosingClient(server)) {
            assertTrue(c.line().contains("what is your nickname?"));
            c.send("ann\r\n");
            assertTrue(c.line().startsWith("* hello ann;"));
            String help = c.line(); // the welcome ends with the help line that /help repeats
            assertTrue(help.startsWith("* commands:"), help);
            int helps = ANSWER_BYTES / help.length() + 1;
            byte[] got = c.sendHalfCloseAndReadSlowly(repeat("/help\n", helps));
            assertAnswer(repeat(help, helps), got);
        }
    }

    @ParameterizedTest(name = "http on {0}")
    @MethodSource("backends")
    void httpAnswersPipelinedRequests(Backend backend) throws Exception {
        byte[] file = new byte[3 * 1024 * 1024 + 5];
        new Random(12).nextBytes(file);
        Files.write(dir.resolve("big.bin"), file);
        int requests = ANSWER_BYTES / file.length + 1;
        try (RunningServer server = RunningServer.start(new HttpExample(), backend, "--root", dir.toString());
                HalfClosingClient c = new HalfClosingClient(server)) {
            byte[] got = c.sendHalfCloseAndReadSlowly(
                    repeat("GET /big.bin HTTP/1.1\r\nHost: test\r\n\r\n", requests));
            int at = 0;
            for (int i = 0; i < requests; i++) {
                int headEnd = indexOf(got, ascii("\r\n\r\n"), at);
                assertTrue(headEnd > 0, "response " + (i + 1) + " of " + requests + " has a head; got " + got.length
                        + " bytes in all");
                String head = new String(got, at, headEnd - at, StandardCharsets.ISO_8859_1);
                assertTrue(head.startsWith("HTTP/1.1 200 "), head);
                assertTrue(head.contains("\r\nContent-Length: " + file.length), head);
                at = headEnd + 4;
                assertTrue(got.length >= at + file.length, "response " + (i + 1) + "'s body is complete");
                assertArrayEquals(file, Arrays.copyOfRange(got, at, at + file.length), "response " + (i + 1));
                at += file.length;
            }
            assertEquals(got.length, at, "then end of stream");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

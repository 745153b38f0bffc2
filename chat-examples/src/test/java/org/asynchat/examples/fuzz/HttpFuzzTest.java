package org.asynchat.examples.fuzz;

import static org.asynchat.examples.fuzz.Fuzzer.BACKENDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.asynchat.examples.RunningServer;
import org.asynchat.examples.TextClient;
import org.asynchat.examples.http.HttpExample;
import org.asynchat.examples.http.RawResponse;
import org.asynchat.spi.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and mutated requests at the http example (request line, headers, Content-Length and
 * chunked bodies, paths and escapes, pipelining), while a well-formed keep-alive client's files
 * and echoes keep coming back byte for byte, and no served file is left open.
 */
class HttpFuzzTest {

    static final String HELLO = "hello world\n";
    static final int BIG = 100_000;
    /**
     * Files the server may hold open at once for four clients that pipeline requests and never
     * read: each may have about 8 KiB of answers queued (some 40, each with its file), and a
     * few more are being sent.
     */
    static final int MAX_OPEN_FILES = 4 * 60;

    static final Corpus CORPUS = Corpus.of(List.of(
            "GET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n",
            "HEAD /big.bin HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /big.bin HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            "GET /sub/ HTTP/1.1\r\nHost: t\r\nUser-Agent: fuzz\r\nAccept: */*\r\n\r\n",
            "GET /sub HTTP/1.0\r\n\r\n",
            "GET /dir%20name/?q=1&r=%41 HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET http://t/hello.txt HTTP/1.1\r\nHost: t\r\n\r\n",
            "\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /link-out HTTP/1.1\r\nHost: t\r\n\r\n",
            "DELETE /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world",
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: x\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody",
            "POST /echo HTTP/1.1\r\nHost: t\r\n\r\n",
            "POST /echo HTTP/1.0\r\nContent-Length: 3\r\n\r\nabcGET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nok"
                    + "HEAD / HTTP/1.1\r\nHost: t\r\n\r\n"),
            List.of("GET", "HEAD", "POST", "PUT", " ", "/", "/echo", "/hello.txt", "/sub/", "/big.bin", "%", "%2e",
                    "%00", "%ff", "%c3%a9", "?", "..", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.", "\r\n",
                    "\r\n\r\n", "Host: t", "Host:", "Content-Length: ", "Content-Length: 5",
                    "Transfer-Encoding: chunked",
                    "Transfer-Encoding: gzip", "Connection: close", "Connection: keep-alive", "Expect: 100-continue",
                    ":", " :", "\t", "0\r\n\r\n", "ffffffffffffffff\r\n", ";", "http://", "\r\n "));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "http on {0}")
    @MethodSource(BACKENDS)
    void hostileInputHarmsNoOtherClient(Backend backend) throws Exception {
        try (RunningServer server = start(backend)) {
            fuzzer(backend, server).run();
        }
    }

    /**
     * Regression: clients that pipeline requests and never read the answers. The server read
     * on, queueing an answer per request, each holding its file open, until the process ran
     * out of file descriptors and the well-formed client was answered "404 Not Found: the file
     * cannot be read: ... Too many open files". Found by {@link #hostileInputHarmsNoOtherClient}
     * with seeds 8585281710818 and 8676916973000 (nio) and 8615028610564 (epoll), floods of
     * GETs among the cases in flight; replayed here as four such floods of {@code /big.bin}
     * (whose answers the kernel's socket buffers cannot absorb), also on machines whose
     * descriptor limit is too high to run out: the files open at once must stay few.
     */
    @ParameterizedTest(name = "http on {0}")
    @MethodSource(BACKENDS)
    void pipelinedRequestsFromAClientThatNeverReadsHoldFewFiles(Backend backend) throws Exception {
        FuzzCase flood = new FuzzCase(0, Mutations.repeat(Bytes.ascii("GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n"),
                Integer.MAX_VALUE, Mutations.FLOOD_BYTES), FuzzCase.Delivery.WHOLE, FuzzCase.Ending.STALL, 0, 0,
                "4 MiB of pipelined GETs, never read");
        try (RunningServer server = start(backend)) {
            Fuzzer.Report report = fuzzer(backend, server).replay("regression of seeds 8585281710818, 8615028610564",
                    4, flood);
            assertTrue(report.peakOpenFiles() <= MAX_OPEN_FILES, report.peakOpenFiles()
                    + " files were open at once for 4 clients; the answers of pipelined requests should hold at most "
                    + MAX_OPEN_FILES);
        }
    }

    /** Serves the test site from a fresh directory. */
    private RunningServer start(Backend backend) throws IOException {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), HELLO);
        Files.write(root.resolve("big.bin"), bigFile());
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "<h1>sub</h1>\n");
        Files.createDirectories(root.resolve("dir name"));
        Files.writeString(dir.resolve("secret.txt"), "SECRET");
        Files.createSymbolicLink(root.resolve("link-out"), dir.resolve("secret.txt"));
        return RunningServer.start(new HttpExample(), backend,
                FuzzSettings.serverFlags("--root", root.toString(), "--max-body", "64k"));
    }

    private Fuzzer fuzzer(Backend backend, RunningServer server) {
        return Fuzzer.target("http on " + backend.name(), server).corpus(CORPUS).wellFormed(HttpClient::new)
                .watchFilesUnder(dir);
    }

    static byte[] bigFile() {
        byte[] b = new byte[BIG];
        new Random(7).nextBytes(b);
        return b;
    }

    /** One keep-alive connection: files, HEAD, echoes (plain and chunked) and a 404, sometimes pipelined. */
    static final class HttpClient implements WellFormedClient {
        private static final byte[] BIG_FILE = bigFile();
        private final TextClient socket;

        HttpClient(int port) throws IOException {
            socket = new TextClient(port);
        }

        @Override
        public void exchange(Random random) throws IOException {
            switch (random.nextInt(6)) {
                case 0 -> {
                    socket.send("GET /hello.txt HTTP/1.1\r\nHost: w\r\n\r\n");
                    expect(200, HELLO.getBytes(StandardCharsets.US_ASCII));
                }
                case 1 -> {
                    socket.send("GET /big.bin HTTP/1.1\r\nHost: w\r\n\r\nHEAD /big.bin HTTP/1.1\r\nHost: w\r\n\r\n");
                    expect(200, BIG_FILE);
                    RawResponse head = RawResponse.read(socket, true);
                    assertEquals(200, head.status(), "HEAD /big.bin");
                    assertEquals(String.valueOf(BIG), head.headers().get("content-length"), "HEAD /big.bin length");
                }
                case 2 -> {
                    String body = Payloads.text(random, 5000);
                    socket.send("POST /echo HTTP/1.1\r\nHost: w\r\nContent-Length: " + body.length() + "\r\n\r\n"
                            + body);
                    expect(200, body.getBytes(StandardCharsets.US_ASCII));
                }
                case 3 -> {
                    String a = Payloads.text(random, 300);
                    String b = Payloads.text(random, 300);
                    socket.send("POST /echo HTTP/1.1\r\nHost: w\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(a.length()) + "\r\n" + a + "\r\n" + Integer.toHexString(b.length())
                            + ";x=y\r\n" + b + "\r\n0\r\n\r\n");
                    expect(200, (a + b).getBytes(StandardCharsets.US_ASCII));
                }
                case 4 -> {
                    String missing = "/missing-" + Payloads.token(random);
                    socket.send("GET " + missing + " HTTP/1.1\r\nHost: w\r\n\r\n");
                    expect(404, ("404 Not Found: " + missing + " does not exist\n").getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    String body = Payloads.text(random, 100);
                    socket.send("GET /hello.txt HTTP/1.1\r\nHost: w\r\n\r\n"
                            + "POST /echo HTTP/1.1\r\nHost: w\r\nContent-Length: "
                            + body.length() + "\r\n\r\n" + body + "GET /hello.txt HTTP/1.1\r\nHost: w\r\n\r\n");
                    expect(200, HELLO.getBytes(StandardCharsets.US_ASCII));
                    expect(200, body.getBytes(StandardCharsets.US_ASCII));
                    expect(200, HELLO.getBytes(StandardCharsets.US_ASCII));
                }
            }
        }

        private void expect(int status, byte[] body) throws IOException {
            RawResponse r = RawResponse.read(socket);
            assertEquals(status, r.status(), () -> "status; body: " + r.text());
            assertArrayEquals(body, r.body(), "the body");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

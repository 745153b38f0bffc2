package org.asynchat.examples.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.asynchat.examples.RunningServer;
import org.asynchat.examples.TextClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The http example over raw sockets: what a browser or curl relies on, and what it must refuse. */
class HttpExampleTest {

    static final int MAX_BODY = 64 * 1024;

    @TempDir
    static Path dir;
    static Path root;
    static byte[] big;
    static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), "hello world\n");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "<h1>sub</h1>\n");
        Files.createDirectories(root.resolve("empty dir"));
        big = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(dir.resolve("secret.txt"), "SECRET");
        Files.createSymbolicLink(root.resolve("link-out"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("link-in.txt"), root.resolve("hello.txt"));
        server = RunningServer.start(new HttpExample(), "--root", root.toString(), "--max-body", "64k");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    static TextClient connect() throws IOException {
        return new TextClient(server.port());
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    @Test
    void servesAFileWithTypeLengthAndDate() throws IOException {
        try (TextClient c = connect()) {
            RawResponse r = RawResponse.read(c.send(get("/hello.txt")));
            assertEquals(200, r.status());
            assertEquals("hello world\n", r.text());
            assertEquals("text/plain; charset=utf-8", r.headers().get("content-type"));
            assertTrue(r.headers().containsKey("date"));
            assertTrue(r.headers().containsKey("last-modified"));
        }
    }

    @Test
    void headSendsTheHeadersOfGetButNoBody() throws IOException {
        try (TextClient c = connect()) {
            // HEAD then GET on one connection: if HEAD leaked body bytes, the GET's status line would be garbled.
            c.send("HEAD /big.bin HTTP/1.1\r\nHost: t\r\n\r\n" + get("/hello.txt"));
            RawResponse head = RawResponse.read(c, true);
            assertEquals(200, head.status());
            assertEquals(String.valueOf(big.length), head.headers().get("content-length"));
            assertEquals("hello world\n", RawResponse.read(c).text());
        }
    }

    @Test
    void smallFilesAreKeptAtMostASecondAfterTheyChange() throws IOException, InterruptedException {
        Path file = root.resolve("changing.txt");
        Files.writeString(file, "first\n");
        byte[] edge = new byte[SmallFileCache.MAX_FILE]; // the largest file kept in memory
        new Random(7).nextBytes(edge);
        Files.write(root.resolve("edge.bin"), edge);
        try (TextClient c = connect()) {
            assertEquals("first\n", RawResponse.read(c.send(get("/changing.txt"))).text());
            RawResponse e = RawResponse.read(c.send(get("/edge.bin")));
            assertArrayEquals(edge, e.body());
            assertTrue(e.headers().containsKey("last-modified"));
            Files.writeString(file, "the second version\n");
            Thread.sleep(SmallFileCache.VALID_NANOS / 1_000_000 + 200);
            assertEquals("the second version\n", RawResponse.read(c.send(get("/changing.txt"))).text(),
                    "a changed file is served as it is now once its entry is a second old");
            Files.delete(file);
            Thread.sleep(SmallFileCache.VALID_NANOS / 1_000_000 + 200);
            assertEquals(404, RawResponse.read(c.send(get("/changing.txt"))).status(), "a removed file is gone");
        }
    }

    @Test
    void largeFileArrivesWhole() throws IOException {
        try (TextClient c = connect()) {
            RawResponse r = RawResponse.read(c.send(get("/big.bin")));
            assertEquals("application/octet-stream", r.headers().get("content-type"));
            assertArrayEquals(big, r.body());
        }
    }

    @Test
    void directoriesRedirectServeIndexOrList() throws IOException {
        try (TextClient c = connect()) {
            RawResponse redirect = RawResponse.read(c.send(get("/sub")));
            assertEquals(301, redirect.status());
            assertEquals("/sub/", redirect.headers().get("location"));
            assertEquals("<h1>sub</h1>\n", RawResponse.read(c.send(get("/sub/"))).text());
            RawResponse listing = RawResponse.read(c.send(get("/")));
            assertTrue(listing.text().contains("<a href=\"empty%20dir/\">empty dir/</a>"), listing.text());
            assertEquals(200, RawResponse.read(c.send(get("/empty%20dir/"))).status());
        }
    }

    @Test
    void symbolicLinksInsideTheRootAreServed() throws IOException {
        try (TextClient c = connect()) {
            assertEquals("hello world\n", RawResponse.read(c.send(get("/link-in.txt"))).text());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/../secret.txt, 400",
        "/%2e%2e/secret.txt, 400",
        "/sub/%2E%2E/%2e%2e/secret.txt, 400",
        "/./hello.txt, 400",
        "/link-out, 404",
        "/nothing-here, 404",
        "/bad%zzescape, 400",
        "/%ff%fe, 400",
        "/a%00b, 400",
    })
    void noPathLeavesTheRoot(String path, int status) throws IOException {
        try (TextClient c = connect()) {
            RawResponse r = RawResponse.read(c.send(get(path)));
            assertEquals(status, r.status(), r.text());
            assertFalse(r.text().contains("SECRET"));
            assertTrue(r.text().startsWith(status + " "), "the error page says what was wrong: " + r.text());
        }
    }

    @Test
    void postToEchoAnswersWithTheBody() throws IOException {
        byte[] body = new byte[40_000];
        new Random(7).nextBytes(body);
        try (TextClient c = connect()) {
            c.send(("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: image/png\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            c.send(body);
            RawResponse r = RawResponse.read(c);
            assertEquals(200, r.status());
            assertEquals("image/png", r.headers().get("content-type"));
            assertArrayEquals(body, r.body());
        }
    }

    @Test
    void chunkedBodiesAlternateLineAndCountTerminators() throws IOException {
        try (TextClient c = connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n"
                    + "7;name=value\r\n, world\r\n" // a chunk extension, ignored
                    + "A\r\n0123456789\r\n"
                    + "0\r\nX-Trailer: yes\r\n\r\n");
            RawResponse r = RawResponse.read(c);
            assertEquals(200, r.status());
            assertEquals("hello, world0123456789", r.text());
            assertEquals(200, RawResponse.read(c.send(get("/hello.txt"))).status(), "the connection is kept");
        }
    }

    @Test
    void chunkedBodySentOneByteAtATime() throws IOException {
        String request = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\n\r\n\r\n0\r\n\r\n";
        try (TextClient c = connect()) {
            for (byte b : request.getBytes(StandardCharsets.US_ASCII)) {
                c.send(new byte[] {b});
            }
            assertEquals("abc\r\n", RawResponse.read(c).text());
        }
    }

    @Test
    void expectContinueGetsAnInterimAnswer() throws IOException {
        try (TextClient c = connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, RawResponse.read(c).status());
            c.send("ping");
            assertEquals("ping", RawResponse.read(c).text());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (TextClient c = connect()) {
            c.send(get("/hello.txt") + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
                    + get("/sub/") + get("/missing"));
            assertEquals("hello world\n", RawResponse.read(c).text());
            assertEquals("abc", RawResponse.read(c).text());
            assertEquals("<h1>sub</h1>\n", RawResponse.read(c).text());
            assertEquals(404, RawResponse.read(c).status());
        }
    }

    @Test
    void connectionCloseAndHttp10CloseAfterTheAnswer() throws IOException {
        try (TextClient c = connect()) {
            RawResponse r = RawResponse.read(c.send("GET /hello.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
            assertEquals("close", r.headers().get("connection"));
            assertTrue(c.closedByServer());
        }
        try (TextClient c = connect()) {
            assertEquals(200, RawResponse.read(c.send("GET /hello.txt HTTP/1.0\r\n\r\n")).status());
            assertTrue(c.closedByServer());
        }
        try (TextClient c = connect()) {
            RawResponse r = RawResponse.read(c.send("GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
            assertEquals("keep-alive", r.headers().get("connection"));
            assertEquals(200, RawResponse.read(c.send("GET /hello.txt HTTP/1.0\r\n\r\n")).status());
        }
    }

    @Test
    void halfClosedClientStillGetsItsAnswer() throws IOException {
        try (TextClient c = connect()) {
            c.send(get("/big.bin"));
            c.socket().shutdownOutput();
            assertArrayEquals(big, RawResponse.read(c).body());
            assertTrue(c.closedByServer());
        }
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "GET /hello.txt\\r\\n\\r\\n|400|request line without a version",
        "GET  /hello.txt HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n|400|two spaces in the request line",
        "GET /hello.txt HTTP/1.x\\r\\nHost: t\\r\\n\\r\\n|400|malformed version",
        "GET /hello.txt HTTP/2.0\\r\\nHost: t\\r\\n\\r\\n|505|HTTP/2.0",
        "GET /hello.txt HTTP/1.1\\r\\n\\r\\n|400|HTTP/1.1 without Host",
        "GET /hello.txt HTTP/1.1\\r\\nHost : t\\r\\n\\r\\n|400|space before the colon",
        "GET /hello.txt HTTP/1.1\\r\\nHost: t\\r\\n folded\\r\\n\\r\\n|400|folded header line",
        "GET /hello.txt HTTP/1.1\\r\\nHost: t\\r\\nContent-Length: 1, 2\\r\\n\\r\\n|400|two Content-Lengths",
        "GET /hello.txt HTTP/1.1\\r\\nHost: t\\r\\nContent-Length: -1\\r\\n\\r\\n|400|negative Content-Length",
        "POST /echo HTTP/1.1\\r\\nHost: t\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|400|both lengths",
        "POST /echo HTTP/1.1\\r\\nHost: t\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n|501|unknown transfer coding",
        "POST /echo HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n|411|POST without a length",
        "POST /echo HTTP/1.1\\r\\nHost: t\\r\\nContent-Length: 65537\\r\\n\\r\\n|413|Content-Length over --max-body",
        "POST /echo HTTP/1.1\\r\\nHost: t\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n10001\\r\\n|413|chunk over --max-body",
        "POST /echo HTTP/1.1\\r\\nHost: t\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n|400|chunk size not hex",
        "POST /echo HTTP/1.1\\r\\nHost: t\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\nabcd\\r\\n|400|chunk longer than its size",
        "DELETE /hello.txt HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n|405|DELETE on a file",
        "GET /echo HTTP/1.1\\r\\nHost: t\\r\\n\\r\\n|405|GET on /echo",
    })
    void badRequestsGetTheProtocolsError(String request, int status, String what) throws IOException {
        try (TextClient c = connect()) {
            RawResponse r = RawResponse.read(c.send(request.replace("\\r\\n", "\r\n")));
            assertEquals(status, r.status(), what + ": " + r.text());
            assertTrue(r.text().startsWith(status + " " + Response.reasonPhrase(status) + ": "), r.text());
            if (status == 405) {
                assertTrue(r.headers().containsKey("allow"));
            }
        }
        try (TextClient other = connect()) {
            assertEquals(200, RawResponse.read(other.send(get("/hello.txt"))).status(), "the server goes on");
        }
    }

    @Test
    void headersOver16KiBGet431AndTheConnectionCloses() throws IOException {
        try (TextClient c = connect()) {
            c.send("GET /hello.txt HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
            RawResponse r = RawResponse.read(c);
            assertEquals(431, r.status());
            assertEquals("close", r.headers().get("connection"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void headersJustUnderTheLimitAreFine() throws IOException {
        String start = "GET /hello.txt HTTP/1.1\r\nHost: t\r\nX-Big: ";
        int fill = HttpChannel.MAX_HEAD_BYTES - start.length() - 2; // the head ends before its blank line
        try (TextClient c = connect()) {
            assertEquals(200, RawResponse.read(c.send(start + "a".repeat(fill) + "\r\n\r\n")).status());
        }
    }

    @Test
    void refusedUploadStillReadsItsAnswer() throws IOException {
        // The client goes on sending a body the server refused; the 413 must still arrive intact
        // (the server drains input before closing instead of resetting the connection).
        try (TextClient c = connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 200000\r\n\r\n");
            c.send(new byte[150_000]);
            assertEquals(413, RawResponse.read(c).status());
        }
    }

    @Test
    void oneBrokenClientDoesNotDisturbAnother() throws IOException {
        try (TextClient good = connect(); TextClient bad = connect()) {
            assertEquals(200, RawResponse.read(good.send(get("/hello.txt"))).status());
            bad.send("GET /hello.txt HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(10_000)); // half a head
            bad.send(new byte[] {0, 1, 2, (byte) 0xff, '\r', '\n', '\r', '\n'});
            assertEquals(400, RawResponse.read(bad).status());
            assertEquals(200, RawResponse.read(good.send(get("/hello.txt"))).status());
        }
    }
}

package org.asynchat.examples.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.asynchat.examples.ExternalClient;
import org.asynchat.examples.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http example as curl sees it. Skipped, saying so, where curl is not installed. */
class HttpCurlTest {

    @TempDir
    static Path dir;
    static Path root;
    static byte[] photo;
    static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
        photo = new byte[700_000];
        new Random(1).nextBytes(photo);
        Files.write(root.resolve("photo.jpg"), photo);
        server = RunningServer.start(new HttpExample(), "--root", root.toString(), "--max-body", "1m");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @BeforeEach
    void needCurl() {
        ExternalClient.require("curl", "apt-get install curl");
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    static ExternalClient.Result curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "20"));
        command.addAll(List.of(args));
        return ExternalClient.run(Duration.ofSeconds(30), command);
    }

    @Test
    void getAndHead() throws Exception {
        ExternalClient.Result get = curl("-v", url("/"));
        assertEquals(0, get.exitCode(), get.describe());
        assertEquals("<h1>home</h1>\n", get.stdout());
        assertTrue(get.stderr().contains("< Content-Type: text/html; charset=utf-8"), get.stderr());

        ExternalClient.Result head = curl("--head", url("/photo.jpg"));
        assertEquals(0, head.exitCode(), head.describe());
        assertTrue(head.stdout().startsWith("HTTP/1.1 200 OK"), head.stdout());
        assertTrue(head.stdout().contains("Content-Length: " + photo.length), head.stdout());
        assertTrue(head.stdout().contains("Content-Type: image/jpeg"), head.stdout());
    }

    @Test
    void downloadIsByteForByte() throws Exception {
        Path copy = dir.resolve("download.jpg");
        ExternalClient.Result r = curl("-o", copy.toString(), url("/photo.jpg"));
        assertEquals(0, r.exitCode(), r.describe());
        assertArrayEquals(photo, Files.readAllBytes(copy));
    }

    @Test
    void postAndChunkedUploadEchoTheBody() throws Exception {
        Path upload = root.resolve("photo.jpg");
        Path copy = dir.resolve("echo.jpg");
        ExternalClient.Result post = curl("--data-binary", "@" + upload, "-o", copy.toString(), url("/echo"));
        assertEquals(0, post.exitCode(), post.describe());
        assertArrayEquals(photo, Files.readAllBytes(copy));

        Path chunkedCopy = dir.resolve("chunked.jpg");
        ExternalClient.Result chunked = curl("-v", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + upload,
                "-o", chunkedCopy.toString(), url("/echo"));
        assertEquals(0, chunked.exitCode(), chunked.describe());
        assertTrue(chunked.stderr().contains("> Transfer-Encoding: chunked"), chunked.stderr());
        assertArrayEquals(photo, Files.readAllBytes(chunkedCopy));
    }

    @Test
    void keepAliveReusesTheConnection() throws Exception {
        ExternalClient.Result r = curl("-v", url("/index.html"), url("/photo.jpg"), url("/index.html"), "-o", "/dev/null",
                "-o", "/dev/null", "-o", "/dev/null");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(1, count(r.stderr(), "Connected to"), r.stderr());
        assertEquals(2, count(r.stderr(), "Re-using existing connection"), r.stderr());
    }

    @Test
    void notFoundAndTooLarge() throws Exception {
        ExternalClient.Result missing = curl("-o", "/dev/null", "-w", "%{http_code}", url("/nope.html"));
        assertEquals("404", missing.stdout());

        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[2 * 1024 * 1024]);
        ExternalClient.Result tooBig = curl("-w", "%{http_code}", "--data-binary", "@" + big, url("/echo"));
        assertTrue(tooBig.stdout().endsWith("413"), tooBig.describe());
        assertTrue(tooBig.stdout().contains("exceeds the limit of 1048576 bytes"), tooBig.stdout());

        ExternalClient.Result tooBigChunked = curl("-w", "%{http_code}", "-H", "Transfer-Encoding: chunked",
                "--data-binary", "@" + big, url("/echo"));
        assertTrue(tooBigChunked.stdout().endsWith("413"), tooBigChunked.describe());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}

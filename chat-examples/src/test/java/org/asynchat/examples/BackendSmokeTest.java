package org.asynchat.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.asynchat.examples.chat.ChatExample;
import org.asynchat.examples.echo.EchoExample;
import org.asynchat.examples.http.HttpExample;
import org.asynchat.examples.resp.RespExample;
import org.asynchat.examples.smtp.SmtpExample;
import org.asynchat.spi.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One real exchange with every example on every backend this machine has. */
class BackendSmokeTest {

    @TempDir
    Path dir;

    static Stream<Backend> backends() {
        return AvailableBackends.all();
    }

    @ParameterizedTest(name = "echo on {0}")
    @MethodSource("backends")
    void echo(Backend backend) throws Exception {
        try (RunningServer server = RunningServer.start(new EchoExample(), backend);
                TextClient c = new TextClient(server.port())) {
            assertEquals("hello", c.send("hello\n").readLine());
        }
    }

    @ParameterizedTest(name = "http on {0}")
    @MethodSource("backends")
    void http(Backend backend) throws Exception {
        byte[] file = new byte[300_000];
        new java.util.Random(3).nextBytes(file);
        Files.write(dir.resolve("f.bin"), file);
        try (RunningServer server = RunningServer.start(new HttpExample(), backend, "--root", dir.toString());
                TextClient c = new TextClient(server.port())) {
            c.send("GET /f.bin HTTP/1.1\r\nHost: t\r\n\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nok");
            assertEquals("HTTP/1.1 200 OK", c.readLine());
            skipHead(c);
            assertTrue(java.util.Arrays.equals(file, c.readBytes(file.length)));
            assertEquals("HTTP/1.1 200 OK", c.readLine());
            skipHead(c);
            assertEquals("ok", new String(c.readBytes(2), java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private static void skipHead(TextClient c) throws IOException {
        while (!c.readLine().isEmpty()) {
            // headers
        }
    }

    @ParameterizedTest(name = "resp on {0}")
    @MethodSource("backends")
    void resp(Backend backend) throws Exception {
        try (RunningServer server = RunningServer.start(new RespExample(), backend);
                TextClient c = new TextClient(server.port())) {
            c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\na\r\nb\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nINCR k\r\n");
            assertEquals("+OK", c.readLine());
            assertEquals("$4", c.readLine());
            assertEquals("a", c.readLine());
            assertEquals("b", c.readLine());
            assertEquals("-ERR value is not an integer or out of range", c.readLine());
        }
    }

    @ParameterizedTest(name = "smtp on {0}")
    @MethodSource("backends")
    void smtp(Backend backend) throws Exception {
        Path spool = dir.resolve("spool");
        try (RunningServer server = RunningServer.start(new SmtpExample(), backend, "--spool", spool.toString());
                TextClient c = new TextClient(server.port())) {
            assertTrue(c.readLine().startsWith("220 "));
            c.send("HELO t\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\n");
            for (String code : new String[] {"250", "250", "250", "354"}) {
                assertTrue(c.readLine().startsWith(code));
            }
            c.send("Subject: smoke\r\n\r\n..body\r\n.\r\nQUIT\r\n");
            assertTrue(c.readLine().startsWith("250 OK: queued as "));
            assertTrue(c.readLine().startsWith("221"));
        }
        try (Stream<Path> files = Files.list(spool)) {
            Path eml = files.filter(p -> p.toString().endsWith(".eml")).findFirst().orElseThrow();
            assertTrue(Files.readString(eml).endsWith("\r\n\r\n.body\r\n"));
        }
    }

    @ParameterizedTest(name = "chat on {0}")
    @MethodSource("backends")
    void chat(Backend backend) throws Exception {
        try (RunningServer server = RunningServer.start(new ChatExample(), backend);
                TextClient a = new TextClient(server.port()); TextClient b = new TextClient(server.port())) {
            a.readLine();
            b.readLine();
            a.send("ann\n");
            a.readLine();
            a.readLine();
            b.send("ben\n");
            assertEquals("* ben has joined", a.readLine());
            b.send("hi\n");
            assertEquals("<ben> hi", a.readLine());
        }
    }
}

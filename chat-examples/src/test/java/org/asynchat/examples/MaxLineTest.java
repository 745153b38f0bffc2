package org.asynchat.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.asynchat.examples.chat.ChatExample;
import org.asynchat.examples.echo.EchoExample;
import org.asynchat.examples.http.HttpExample;
import org.asynchat.examples.http.RawResponse;
import org.asynchat.examples.resp.RespExample;
import org.asynchat.examples.smtp.SmtpExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every line-based example's {@code --max-line} over real sockets: a line of the limit's length
 * is served, one byte more gets the answer {@code --help} promises, and the limit is announced
 * there.
 */
class MaxLineTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"echo", "http", "resp", "smtp", "chat"})
    void helpSaysWhatHappensPastTheLimit(String name) {
        Example example = Main.EXAMPLES.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
        String usage = Main.usage(example).replaceAll("\\s+", " ");
        assertTrue(usage.contains("[--max-line SIZE]"), usage);
        assertTrue(usage.matches(".*--max-line SIZE longest .*not counting .*\\(default: [0-9]+k?\\).*"), usage);
    }

    /** The case: by default a line over 64 KiB closed the connection without a word. */
    @Test
    void echoSaysSoInOneLineAndClosesPastTheDefaultLimit() throws Exception {
        try (RunningServer server = RunningServer.start(new EchoExample()); TextClient c = new TextClient(server.port())) {
            String longest = "e".repeat(64 * 1024);
            c.send(longest + "\n");
            assertEquals(longest, c.readLine());
            c.send("first\n" + longest + "f\nafter\n");
            assertEquals("first", c.readLine(), "the lines before it are echoed");
            assertEquals("error: line too long (the limit is 65536 bytes); closing", c.readLine());
            assertTrue(c.closedByServer(), "and nothing after it: the connection closes");
        }
    }

    @Test
    void echoTakesMaxLine() throws Exception {
        try (RunningServer server = RunningServer.start(new EchoExample(), "--max-line", "100");
                TextClient c = new TextClient(server.port())) {
            c.send("e".repeat(100) + "\n");
            assertEquals("e".repeat(100), c.readLine());
            c.send("e".repeat(101) + "\n");
            assertEquals("error: line too long (the limit is 100 bytes); closing", c.readLine());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void chatTakesMaxLineAndTheMemberStays() throws Exception {
        try (RunningServer server = RunningServer.start(new ChatExample(), "--max-line", "100");
                TextClient alice = chatMember(server, "alice"); TextClient bob = chatMember(server, "bob")) {
            assertEquals("* bob has joined", alice.readLine());
            String longest = "c".repeat(100);
            bob.send(longest + "\n");
            assertEquals("<bob> " + longest, alice.readLine());
            bob.send(longest + "\r\n"); // the line ending is not counted
            assertEquals("<bob> " + longest, alice.readLine());
            bob.send(longest + "c\n");
            assertEquals("! line too long (the limit is 100 bytes); it was not sent", bob.readLine());
            bob.send("c".repeat(5000) + "\n"); // far over: the rest of it is skipped up to its end
            assertEquals("! line too long (the limit is 100 bytes); it was not sent", bob.readLine());
            bob.send("still here\n");
            assertEquals("<bob> still here", alice.readLine());
        }
    }

    private static TextClient chatMember(RunningServer server, String nick) throws IOException {
        TextClient c = new TextClient(server.port());
        c.readLine(); // what is your nickname?
        c.send(nick + "\n");
        assertTrue(c.readLine().startsWith("* hello " + nick));
        c.readLine(); // the commands
        return c;
    }

    @Test
    void smtpTakesMaxLineAndTheSessionGoesOn() throws Exception {
        try (RunningServer server = RunningServer.start(new SmtpExample(), "--spool", dir.toString(), "--max-line", "600");
                TextClient c = new TextClient(server.port())) {
            assertTrue(c.readLine().startsWith("220 "));
            String noop = "NOOP ";
            c.send(noop + "n".repeat(600 - noop.length()) + "\r\n");
            assertEquals("250 OK", c.readLine());
            c.send(noop + "n".repeat(601 - noop.length()) + "\r\n");
            assertEquals("500 Error: line too long (the limit is 600 bytes)", c.readLine());
            c.send("NOOP\r\n");
            assertEquals("250 OK", c.readLine());
        }
        UsageException e = assertThrows(UsageException.class,
                () -> RunningServer.start(new SmtpExample(), "--spool", dir.toString(), "--max-line", "100").close());
        assertEquals("--max-line takes a size from 510 to 1048576 bytes, not '100'", e.getMessage());
    }

    @Test
    void respTakesMaxLineForInlineCommandsAndHeaderLines() throws Exception {
        try (RunningServer server = RunningServer.start(new RespExample(), "--max-line", "100")) {
            try (TextClient c = new TextClient(server.port())) {
                String set = "SET k ";
                c.send(set + "v".repeat(100 - set.length()) + "\r\n");
                assertEquals("+OK", c.readLine());
                c.send(set + "v".repeat(101 - set.length()) + "\r\n");
                assertEquals("-ERR Protocol error: too big inline request", c.readLine());
                assertTrue(c.closedByServer(), "a protocol error closes the connection, as in Redis");
            }
            try (TextClient c = new TextClient(server.port())) {
                c.send("*1\r\n$" + "0".repeat(100) + "4\r\nPING\r\n"); // a header line of 102 bytes
                assertEquals("-ERR Protocol error: too big bulk count string", c.readLine());
                assertTrue(c.closedByServer());
            }
        }
    }

    @Test
    void httpTakesMaxLineForTheRequestLineHeaderLinesAndChunkSizes() throws Exception {
        try (RunningServer server = RunningServer.start(new HttpExample(), "--root", dir.toString(), "--max-line",
                "100")) {
            String start = "GET /";
            String end = " HTTP/1.1";
            try (TextClient c = new TextClient(server.port())) {
                String target = "t".repeat(100 - start.length() - end.length());
                assertEquals(404, RawResponse.read(c.send(start + target + end + "\r\nHost: h\r\n\r\n")).status());
                c.send(start + target + "t" + end + "\r\nHost: h\r\n\r\n");
                RawResponse r = RawResponse.read(c);
                assertEquals(414, r.status());
                assertTrue(r.text().contains("the request line exceeds 100 bytes"), r.text());
                assertTrue(c.closedByServer());
            }
            try (TextClient c = new TextClient(server.port())) {
                String name = "X-Long: ";
                c.send("GET / HTTP/1.1\r\nHost: h\r\n" + name + "x".repeat(100 - name.length()) + "\r\n\r\n");
                assertTrue(RawResponse.read(c).status() != 431, "a header line of 100 bytes is fine");
                c.send("GET / HTTP/1.1\r\nHost: h\r\n" + name + "x".repeat(101 - name.length()) + "\r\n\r\n");
                RawResponse r = RawResponse.read(c);
                assertEquals(431, r.status());
                assertTrue(r.text().contains("the header line 'X-Long' exceeds 100 bytes"), r.text());
            }
            try (TextClient c = new TextClient(server.port())) {
                c.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;" + "e".repeat(99) + "\r\nhello\r\n0\r\n\r\n");
                RawResponse r = RawResponse.read(c);
                assertEquals(400, r.status());
                assertTrue(r.text().contains("a chunk-size line exceeds 100 bytes"), r.text());
            }
        }
    }
}

package org.asynchat.examples.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.asynchat.examples.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smtp example over raw sockets: the dialogue, reply codes, dot-unstuffing and the spool. */
class SmtpExampleTest {

    static final int MAX_SIZE = 4096;

    @TempDir
    static Path spool;
    static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        server = RunningServer.start(new SmtpExample(), "--spool", spool.toString(), "--max-size", "4k",
                "--hostname", "mx.test");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    static SmtpDialog connect() throws IOException {
        return new SmtpDialog(server.port());
    }

    /** Sends a whole transaction and returns the spool file its 250 names. */
    static Path deliver(SmtpDialog d, String body) throws IOException {
        d.expect("MAIL FROM:<alice@example.org>", "250");
        d.expect("RCPT TO:<bob@example.org>", "250");
        d.expect("DATA", "354");
        d.socket.send(body);
        String reply = d.reply();
        assertTrue(reply.startsWith("250 OK: queued as "), reply);
        return spool.resolve(reply.substring("250 OK: queued as ".length()) + ".eml");
    }

    /** The message as stored, without the trace header lines the server adds on top. */
    static byte[] storedBody(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("Return-Path: <"), text);
        int end = text.indexOf("\r\n", text.indexOf("\r\nReceived: ") + 2);
        while (text.startsWith("\t", end + 2)) { // the Received field's folded lines
            end = text.indexOf("\r\n", end + 2);
        }
        return text.substring(end + 2).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void greetingAndEhloAdvertiseTheExtensions() throws IOException {
        try (SmtpDialog d = connect()) {
            assertTrue(d.greeting.startsWith("220 mx.test "), d.greeting);
            String ehlo = d.expect("EHLO client.test", "250-mx.test");
            assertTrue(ehlo.contains("250-SIZE " + MAX_SIZE), ehlo);
            assertTrue(ehlo.contains("250-8BITMIME"), ehlo);
            assertTrue(ehlo.endsWith("250 HELP"), ehlo);
            d.expect("NOOP", "250");
            d.expect("VRFY bob@example.org", "252");
            d.expect("HELP", "250 Supported commands");
            d.expect("RSET", "250");
            d.expect("HELO again.test", "250 mx.test");
            d.expect("QUIT", "221");
            assertTrue(d.socket.closedByServer());
        }
    }

    @Test
    void outOfOrderCommandsGet503() throws IOException {
        try (SmtpDialog d = connect()) {
            d.expect("MAIL FROM:<a@b.c>", "503 Error: send HELO first");
            d.expect("DATA", "503 Error: send HELO first");
            d.expect("EHLO client.test", "250");
            d.expect("RCPT TO:<a@b.c>", "503 Error: need MAIL command");
            d.expect("DATA", "503 Error: need MAIL command");
            d.expect("MAIL FROM:<a@b.c>", "250");
            d.expect("MAIL FROM:<a@b.c>", "503 Error: nested MAIL command");
            d.expect("DATA", "503 Error: need RCPT command");
            d.expect("RSET", "250");
            d.expect("RCPT TO:<a@b.c>", "503 Error: need MAIL command");
        }
    }

    @Test
    void unknownCommandsAndSyntaxErrors() throws IOException {
        try (SmtpDialog d = connect()) {
            d.expect("FOO bar", "500 Error: command \"FOO\" not recognized");
            d.expect("", "500 Error: bad syntax");
            d.expect("HELO", "501 Syntax: HELO hostname");
            d.expect("EHLO client.test", "250");
            d.expect("MAIL", "501 Syntax: MAIL FROM: <address>");
            d.expect("MAIL FROM:", "501");
            d.expect("MAIL FROM:<no-angle", "501");
            d.expect("MAIL TO:<a@b.c>", "501");
            d.expect("MAIL FROM:<a@b.c> BODY=BINARYMIME", "501 Error: BODY can only be one of 7BIT, 8BITMIME");
            d.expect("MAIL FROM:<a@b.c> SIZE=abc", "501");
            d.expect("MAIL FROM:<a@b.c> SIZE=" + (MAX_SIZE + 1), "552 Error: message size exceeds fixed maximum");
            d.expect("MAIL FROM:<a@b.c> X-FOO=1", "555");
            d.expect("MAIL FROM:<> SIZE=10 BODY=8BITMIME", "250"); // the null sender of bounces
            d.expect("RCPT TO:<nobody>", "501 Syntax: RCPT TO: <address>");
            d.expect("RCPT TO:<Postmaster>", "250");
            d.expect("DATA now", "501 Syntax: DATA");
            d.expect("VRFY", "501");
            d.expect("RSET everything", "501 Syntax: RSET");
            d.expect("EXPN list", "502");
            d.expect("HELO " + "x".repeat(SmtpChannel.MAX_COMMAND_LINE), "500 Error: line too long");
            d.expect("NOOP", "250");
        }
    }

    @Test
    void dotsAreUnstuffedAndTheMessageIsStoredByteForByte() throws IOException {
        try (SmtpDialog d = connect()) {
            d.expect("EHLO client.test", "250");
            Path file = deliver(d, "Subject: dots\r\n\r\n..leading dot\r\n...\r\n.x\r\nmiddle . dot\r\n..\r\n"
                    + "bare\nLF and bare\rCR kept\r\n.\r\n");
            assertArrayEquals(("Subject: dots\r\n\r\n.leading dot\r\n..\r\nx\r\nmiddle . dot\r\n.\r\n"
                    + "bare\nLF and bare\rCR kept\r\n").getBytes(StandardCharsets.US_ASCII), storedBody(file));
            String trace = Files.readString(file).substring(0, 300);
            assertTrue(trace.startsWith("Return-Path: <alice@example.org>\r\nX-Original-To: bob@example.org\r\n"
                    + "Received: from client.test ([127.0.0.1])\r\n\tby mx.test (asynchat-smtp) with ESMTP id "), trace);
        }
    }

    @Test
    void messageLinesAreNotHeldToTheCommandLineLimit() throws IOException {
        try (RunningServer big = RunningServer.start(new SmtpExample(), "--spool", spool.toString());
                SmtpDialog d = new SmtpDialog(big.port())) {
            d.expect("EHLO client.test", "250");
            String line = "w".repeat(200_000); // past the core's default frame limit too
            Path file = deliver(d, line + "\r\n.\r\n");
            assertArrayEquals((line + "\r\n").getBytes(StandardCharsets.US_ASCII), storedBody(file));
            d.expect("NOOP", "250");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anEmptyMessageEndsAtTheFirstDotLine() throws IOException {
        // The CRLF before the end marker is the one that ended DATA: the case smtpd's
        // "\r\n.\r\n" terminator never sees.
        try (SmtpDialog d = connect()) {
            d.expect("HELO client.test", "250");
            Path file = deliver(d, ".\r\n");
            assertArrayEquals(new byte[0], storedBody(file));
            assertTrue(Files.readString(file).contains("with SMTP id"));
        }
    }

    @Test
    void aMessageSentOneByteAtATime() throws IOException {
        try (SmtpDialog d = connect()) {
            d.expect("EHLO client.test", "250");
            d.expect("MAIL FROM:<a@b.c>", "250");
            d.expect("RCPT TO:<d@e.f>", "250");
            d.expect("RCPT TO:<g@h.i>", "250");
            d.expect("DATA", "354");
            for (byte b : "..one\r\n.\r\r\n..\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)) {
                d.socket.send(new byte[] {b});
            }
            String reply = d.reply();
            assertTrue(reply.startsWith("250"), reply);
            Path file = spool.resolve(reply.substring("250 OK: queued as ".length()) + ".eml");
            String text = Files.readString(file);
            assertTrue(text.startsWith("Return-Path: <a@b.c>\r\nX-Original-To: d@e.f, g@h.i\r\n"), text);
            assertTrue(text.endsWith("\r\n.one\r\n\r\r\n.\r\n"), text);
        }
    }

    @Test
    void oversizedMessageGets552AndIsNotKept() throws IOException {
        try (SmtpDialog d = connect()) {
            d.expect("EHLO client.test", "250");
            long before = eml();
            d.expect("MAIL FROM:<a@b.c>", "250");
            d.expect("RCPT TO:<d@e.f>", "250");
            d.expect("DATA", "354");
            String line = "y".repeat(70) + "\r\n";
            d.socket.send(line.repeat(MAX_SIZE / line.length() + 2) + ".\r\n");
            assertTrue(d.reply().startsWith("552 Error: Too much mail data"));
            assertEquals(before, eml());
            deliver(d, "small\r\n.\r\n"); // the session goes on
            assertEquals(before + 1, eml());
            assertEquals(0, temporaryFiles());
        }
    }

    @Test
    void aDisconnectDuringDataLeavesNothingBehind() throws Exception {
        long before = eml();
        try (SmtpDialog d = connect()) {
            d.expect("EHLO client.test", "250");
            d.expect("MAIL FROM:<a@b.c>", "250");
            d.expect("RCPT TO:<d@e.f>", "250");
            d.expect("DATA", "354");
            d.socket.send("Subject: cut off\r\n\r\nhalf a mess");
            assertEquals(1, temporaryFilesWithin(1000, 1), "the message is being written to a hidden file");
        }
        assertEquals(0, temporaryFilesWithin(5000, 0), "the half message was removed");
        assertEquals(before, eml());
    }

    @Test
    void oneBrokenClientDoesNotDisturbAnother() throws IOException {
        try (SmtpDialog good = connect(); SmtpDialog bad = connect()) {
            good.expect("EHLO good.test", "250");
            bad.socket.send(new byte[] {0, (byte) 0xff, (byte) 0xfe, '\r', '\n'});
            assertTrue(bad.reply().startsWith("500"));
            bad.socket.send("x".repeat(100_000) + "\r\n");
            assertTrue(bad.reply().startsWith("500 Error: line too long"));
            deliver(good, "still fine\r\n.\r\n");
        }
    }

    static long eml() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(p -> p.toString().endsWith(".eml")).count();
        }
    }

    static long temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    /** Polls until the number of temporary files is as expected (the server works on its own thread). */
    static long temporaryFilesWithin(long millis, long expected) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        long n;
        while ((n = temporaryFiles()) != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        return n;
    }
}

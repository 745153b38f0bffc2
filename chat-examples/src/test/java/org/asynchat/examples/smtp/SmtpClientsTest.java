package org.asynchat.examples.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.asynchat.examples.ExternalClient;
import org.asynchat.examples.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smtp example as Python's smtplib and swaks see it. Skipped, saying so, where they are missing. */
class SmtpClientsTest {

    /**
     * Builds a message with dot-leading lines, a UTF-8 body and a binary attachment, keeps
     * the exact bytes it sends in a file, sends it with smtplib and prints the server's id.
     */
    static final String SEND_WITH_SMTPLIB = """
            import smtplib, sys
            from email.message import EmailMessage
            from email.policy import SMTP
            port, sent = int(sys.argv[1]), sys.argv[2]
            m = EmailMessage(policy=SMTP)
            m['From'] = 'Zoë <zoe@example.org>'
            m['To'] = 'bob@example.org'
            m['Subject'] = 'Grüße, façade, 日本語'
            m.set_content('.a line that starts with a dot\\n..and two\\n.\\nUTF-8 body: żółć, 日本語, emoji 🎉\\n',
                          cte='8bit')
            m.add_attachment(bytes(range(256)) * 64, maintype='application', subtype='octet-stream',
                             filename='blob.bin')
            data = m.as_bytes()
            open(sent, 'wb').write(data)
            with smtplib.SMTP('127.0.0.1', port, timeout=20) as s:
                s.ehlo('python.test')
                assert s.has_extn('8bitmime') and s.has_extn('size'), s.esmtp_features
                s.sendmail('zoe@example.org', ['bob@example.org'], data, mail_options=['BODY=8BITMIME'])
                code, reply = s.noop()
                assert code == 250
            print('sent')
            """;

    @TempDir
    static Path dir;
    static Path spool;
    static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        spool = dir.resolve("spool");
        server = RunningServer.start(new SmtpExample(), "--spool", spool.toString(), "--hostname", "mx.test");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    static List<Path> messages() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
    }

    @Test
    void smtplibMessageArrivesByteForByte() throws Exception {
        ExternalClient.require("python3", "apt-get install python3");
        Path script = dir.resolve("send.py");
        Files.writeString(script, SEND_WITH_SMTPLIB);
        Path sent = dir.resolve("sent.eml");
        int before = messages().size();
        ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(30),
                List.of("python3", script.toString(), String.valueOf(server.port()), sent.toString()));
        assertEquals(0, r.exitCode(), r.describe());
        List<Path> after = messages();
        assertEquals(before + 1, after.size());
        byte[] stored = Files.readAllBytes(after.get(after.size() - 1));
        byte[] original = Files.readAllBytes(sent);
        assertTrue(new String(original, java.nio.charset.StandardCharsets.UTF_8).contains("\r\n.a line that starts"),
                "the message really has dot-leading lines");
        byte[] tail = java.util.Arrays.copyOfRange(stored, stored.length - original.length, stored.length);
        assertArrayEquals(original, tail, "the message is stored as sent, after the trace headers");
        String head = new String(stored, 0, stored.length - original.length, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(head.startsWith("Return-Path: <zoe@example.org>\r\nX-Original-To: bob@example.org\r\n"
                + "Received: from python.test ([127.0.0.1])\r\n"), head);
    }

    @Test
    void swaks() throws Exception {
        ExternalClient.require("swaks", "apt-get install swaks");
        int before = messages().size();
        ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(30), List.of("swaks", "--server",
                "127.0.0.1:" + server.port(), "--from", "me@example.org", "--to", "you@example.org,them@example.org",
                "--header", "Subject: from swaks", "--body", ".dot first\nsecond line", "--pipeline"));
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().contains("<~  250 OK: queued as") || r.stdout().contains("<-  250 OK: queued as"),
                r.describe());
        List<Path> after = messages();
        assertEquals(before + 1, after.size());
        String text = Files.readString(after.get(after.size() - 1));
        assertTrue(text.startsWith("Return-Path: <me@example.org>\r\nX-Original-To: you@example.org, them@example.org"),
                text);
        assertTrue(text.contains("Subject: from swaks\r\n"), text);
        assertTrue(text.contains("\r\n.dot first\r\nsecond line\r\n"), text);
    }
}

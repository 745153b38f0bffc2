package org.asynchat.examples.fuzz;

import static org.asynchat.examples.fuzz.Fuzzer.BACKENDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.asynchat.examples.RunningServer;
import org.asynchat.examples.smtp.SmtpDialog;
import org.asynchat.examples.smtp.SmtpExample;
import org.asynchat.spi.Backend;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and mutated SMTP sessions at the smtp example (commands out of order, broken
 * addresses and parameters, DATA cut off, dots and bare line ends in messages), while a
 * well-formed client's messages keep reaching the spool intact, and no spool file is left open.
 */
class SmtpFuzzTest {

    static final String HOST = "mx.fuzz";
    static final int MAX_SIZE = 64 * 1024;

    static final Corpus CORPUS = Corpus.of(List.of(
            "EHLO client.example\r\nMAIL FROM:<a@example.org> SIZE=100 BODY=8BITMIME\r\nRCPT TO:<b@example.org>\r\n"
                    + "DATA\r\nSubject: hi\r\n\r\nbody line\r\n..dot line\r\n.\r\nQUIT\r\n",
            "HELO x\r\nMAIL FROM:<>\r\nRCPT TO:<postmaster>\r\nRCPT TO:<c@d.e>\r\nDATA\r\n.\r\nRSET\r\nNOOP\r\n"
                    + "QUIT\r\n",
            "EHLO x\r\nVRFY bob\r\nEXPN list\r\nHELP\r\nNOOP hello\r\nRSET\r\nRSET x\r\nQUIT\r\n",
            "HELO x\r\nMAIL FROM:<@relay:a@b.c>\r\nRCPT TO:d@e.f\r\nDATA\r\nline one\r\nline two",
            "EHLO x\r\nMAIL FROM:<a@b.c> SIZE=99999999\r\nMAIL FROM:<a@b.c> SIZE=12 FOO=bar\r\nMAIL FROM:<a@b.c>\r\n"
                    + "MAIL FROM:<a@b.c>\r\n",
            "DATA\r\nRCPT TO:<a@b.c>\r\nMAIL FROM:<a@b.c>\r\nHELO\r\nEHLO\r\n\r\nFOO bar\r\n",
            "EHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\n" + "x".repeat(2000) + "\r\n.\r\n",
            "EHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\nbare\nline feed\rand cr\r\n.\r\nEHLO again\r\n"),
            List.of("HELO", "EHLO", "MAIL FROM:", "RCPT TO:", "DATA", "RSET", "NOOP", "QUIT", "VRFY", "EXPN", "HELP",
                    "<", ">", "@", "<>", "<a@b.c>", "postmaster", "SIZE=", "BODY=8BITMIME", "BODY=7BIT", "BODY=", "=",
                    "\r\n", ".\r\n", "\r\n.\r\n", "..", " ", ":"));

    /**
     * The spool, on tmpfs where the machine has one. The example writes and fsyncs the spool
     * on the loop thread (as SmtpChannel says), so on a disk, floods of whole messages measure
     * the disk: with /tmp on ext4, the well-formed client's slowest exchange took about a second
     * (76 to 154 ms on tmpfs). Here the parser is under test.
     */
    @TempDir(factory = Tmpfs.class)
    Path spool;

    /** Temporary directories in /dev/shm when it is there, else in the default place. */
    static final class Tmpfs implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "smtp-fuzz")
                    : Files.createTempDirectory("smtp-fuzz");
        }
    }

    @ParameterizedTest(name = "smtp on {0}")
    @MethodSource(BACKENDS)
    void hostileInputHarmsNoOtherClient(Backend backend) throws Exception {
        try (RunningServer server = RunningServer.start(new SmtpExample(), backend,
                FuzzSettings.serverFlags("--spool", spool.toString(), "--max-size", "64k", "--hostname", HOST))) {
            Fuzzer.target("smtp on " + backend.name(), server).corpus(CORPUS)
                    .wellFormed(port -> new SmtpClient(port, spool)).watchFilesUnder(spool).run();
        }
    }

    /** One session: EHLO, then whole transactions (dot-stuffed bodies) checked against the spool, and NOOP/RSET. */
    static final class SmtpClient implements WellFormedClient {
        private final SmtpDialog dialog;
        private final Path spool;

        SmtpClient(int port, Path spool) throws IOException {
            this.dialog = new SmtpDialog(port);
            this.spool = spool;
            assertTrue(dialog.greeting.startsWith("220 " + HOST + " "), dialog.greeting);
            assertEquals("250-" + HOST + "\n250-SIZE " + MAX_SIZE + "\n250-8BITMIME\n250-PIPELINING\n250 HELP",
                    dialog.send("EHLO witness.example"));
        }

        @Override
        public void exchange(Random random) throws IOException {
            if (random.nextInt(4) == 0) {
                dialog.expect(random.nextBoolean() ? "NOOP" : "RSET", "250 OK");
                return;
            }
            String recipient = "w" + Payloads.token(random) + "@example.org";
            StringBuilder body = new StringBuilder("Subject: witness\r\n\r\n");
            StringBuilder sent = new StringBuilder(body);
            for (int i = random.nextInt(8); i > 0; i--) {
                String line = (random.nextInt(3) == 0 ? "." : "") + Payloads.text(random, 200);
                body.append(line).append("\r\n");
                sent.append(line.startsWith(".") ? "." : "").append(line).append("\r\n"); // dot-stuffed
            }
            dialog.expect("MAIL FROM:<witness@example.org>", "250 OK");
            dialog.expect("RCPT TO:<" + recipient + ">", "250 OK");
            dialog.expect("DATA", "354 ");
            dialog.socket.send(sent + ".\r\n");
            String reply = dialog.reply();
            assertTrue(reply.startsWith("250 OK: queued as "), reply);
            String stored = Files.readString(spool.resolve(reply.substring("250 OK: queued as ".length()) + ".eml"),
                    StandardCharsets.ISO_8859_1);
            assertTrue(stored.startsWith("Return-Path: <witness@example.org>\r\nX-Original-To: " + recipient + "\r\n"),
                    stored);
            assertTrue(stored.endsWith("\r\n" + body), () -> "the spooled message should end with the unstuffed body '"
                    + body + "' but is '" + stored + "'");
        }

        @Override
        public void close() throws IOException {
            dialog.close();
        }
    }
}

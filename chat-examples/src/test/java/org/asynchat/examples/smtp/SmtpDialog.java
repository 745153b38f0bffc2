package org.asynchat.examples.smtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.asynchat.examples.TextClient;

/** A test client for SMTP: sends a command line, reads the (possibly multi-line) reply. */
final class SmtpDialog implements AutoCloseable {

    final TextClient socket;
    final String greeting;

    SmtpDialog(int port) throws IOException {
        socket = new TextClient(port);
        greeting = reply();
    }

    /** Reads one reply; the lines of a multi-line reply are joined with newlines. */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = socket.readLine();
            if (line == null) {
                throw new IOException("the server closed the connection; reply so far: " + lines);
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return String.join("\n", lines);
    }

    /** Sends a line (CRLF added) and returns the reply. */
    String send(String line) throws IOException {
        socket.send(line + "\r\n");
        return reply();
    }

    /** Sends a line and checks the reply starts with the expected text. */
    String expect(String line, String replyStart) throws IOException {
        String reply = send(line);
        assertTrue(reply.startsWith(replyStart), "'" + line + "' got '" + reply + "', expected '" + replyStart + "...'");
        return reply;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

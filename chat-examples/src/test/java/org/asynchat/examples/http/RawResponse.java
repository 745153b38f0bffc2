package org.asynchat.examples.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.asynchat.examples.TextClient;

/** A response read off a raw socket: status line, headers, and a Content-Length body. */
record RawResponse(int status, Map<String, String> headers, byte[] body) {

    static RawResponse read(TextClient client) throws IOException {
        return read(client, false);
    }

    /** Reads one response; for a HEAD request the body is not read, whatever Content-Length says. */
    static RawResponse read(TextClient client, boolean head) throws IOException {
        String statusLine = client.readLine();
        if (statusLine == null) {
            throw new IOException("the server closed instead of answering");
        }
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = client.readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = head || status == 100 ? new byte[0] : client.readBytes(length);
        return new RawResponse(status, headers, body);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}

package org.asynchat.examples.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.asynchat.examples.support.Ascii;

/**
 * A parsed request head: the request line and the header fields (RFC 9112, sections 3 and
 * 5). Parsing is strict where leniency would let the client and the server disagree on where
 * a request ends (smuggling): no whitespace before a colon, no folded lines, no control
 * characters, one {@code Content-Length}.
 */
final class HttpRequest {

    final String method;
    /** The request target as sent, for example {@code /docs/a%20b.html?x=1}. */
    final String target;
    /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
    final int minorVersion;
    /** Field values by lower-case name; repeated fields are joined with {@code ", "}. */
    private final Map<String, String> headers;

    private HttpRequest(String method, String target, int minorVersion, Map<String, String> headers) {
        this.method = method;
        this.target = target;
        this.minorVersion = minorVersion;
        this.headers = headers;
    }

    /**
     * Parses a request head: the bytes before the blank line, read as ISO-8859-1.
     *
     * @param head the request line and header lines, separated by CRLF
     * @return the request
     * @throws HttpError 400 for malformed syntax, 505 for an HTTP version other than 1.x
     */
    static HttpRequest parse(String head) throws HttpError {
        String[] lines = head.split("\r\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty() || !isVisible(parts[1])) {
            throw new HttpError(400, "malformed request line '" + printable(lines[0])
                    + "'; expected 'METHOD /path HTTP/1.1'");
        }
        int minor = version(parts[2]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new HttpError(400, "malformed header line '" + printable(line)
                        + "'; expected 'Name: value' (no space before the colon, no folded lines)");
            }
            String value = line.substring(colon + 1).strip();
            if (!isFieldValue(value)) {
                throw new HttpError(400, "control character in the value of header '" + line.substring(0, colon) + "'");
            }
            headers.merge(line.substring(0, colon).toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b);
        }
        if (minor == 1 && !headers.containsKey("host")) {
            throw new HttpError(400, "an HTTP/1.1 request needs a Host header");
        }
        return new HttpRequest(parts[0], parts[1], minor, headers);
    }

    private static int version(String version) throws HttpError {
        if (version.length() != 8 || !version.startsWith("HTTP/") || version.charAt(6) != '.'
                || !isDigit(version.charAt(5)) || !isDigit(version.charAt(7))) {
            throw new HttpError(400, "malformed HTTP version '" + printable(version) + "'; expected HTTP/1.1");
        }
        if (version.charAt(5) != '1') {
            throw new HttpError(505, "this server speaks HTTP/1.0 and HTTP/1.1, not " + version);
        }
        return version.charAt(7) == '0' ? 0 : 1;
    }

    /**
     * Returns a header's value.
     *
     * @param lowerCaseName the field name in lower case
     * @return the value, or {@code null} if absent
     */
    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /**
     * Tells whether a comma-separated header holds a token, ignoring case: {@code Connection:
     * close} or {@code Expect: 100-continue}.
     */
    boolean headerHas(String lowerCaseName, String token) {
        String value = headers.get(lowerCaseName);
        if (value != null) {
            for (String item : value.split(",")) {
                if (item.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless asked to keep it. */
    boolean keepAlive() {
        return minorVersion == 1 ? !headerHas("connection", "close") : headerHas("connection", "keep-alive");
    }

    /**
     * Returns the body's length from {@code Content-Length}.
     *
     * @return the length, or -1 if the header is absent
     * @throws HttpError 400 if it is not one non-negative number
     */
    long contentLength() throws HttpError {
        String value = headers.get("content-length");
        if (value == null) {
            return -1;
        }
        long n = Ascii.parseUnsigned(value);
        if (n < 0) {
            throw new HttpError(400, "Content-Length must be one non-negative number, not '" + printable(value) + "'");
        }
        return n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 token: what methods and field names are made of. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisible(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** The text, cut short and with control characters escaped, for an error message. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 80; i++) {
            char c = s.charAt(i);
            sb.append(c < ' ' || c == 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return s.length() > 80 ? sb + "..." : sb.toString();
    }
}

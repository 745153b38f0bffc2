package org.asynchat.examples.http;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.asynchat.Producer;
import org.asynchat.Producers;

/**
 * An answer: status, header fields, and a body of bytes or an open file. The channel writes
 * the head with one push and the body after it (a file through the file producer, which the
 * backend may hand to the kernel).
 */
final class Response {

    private final int status;
    private final StringBuilder fields = new StringBuilder(128);
    private byte[] body = new byte[0];
    private FileChannel file;
    private long length;

    Response(int status) {
        this.status = status;
    }

    /** A plain-text error page saying what was wrong. */
    static Response error(int status, String reason) {
        return new Response(status).text(status + " " + reasonPhrase(status) + ": " + reason + "\n");
    }

    Response header(String name, Object value) {
        fields.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    Response text(String text) {
        return bytes("text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    Response bytes(String contentType, byte[] data) {
        header("Content-Type", contentType);
        body = data;
        length = data.length;
        return this;
    }

    /** A file body; the channel closes the file once sent (or when the connection goes). */
    Response file(String contentType, FileChannel channel, long size) {
        header("Content-Type", contentType);
        file = channel;
        length = size;
        return this;
    }

    int status() {
        return status;
    }

    /**
     * The status line and header fields, ending with the blank line.
     *
     * @param close whether to announce that the connection closes after this response
     * @param keepAliveOptIn whether the client is HTTP/1.0 and asked to keep the connection
     */
    byte[] head(boolean close, boolean keepAliveOptIn) {
        StringBuilder sb = new StringBuilder(192 + fields.length());
        sb.append("HTTP/1.1 ").append(status).append(' ').append(reasonPhrase(status)).append("\r\n");
        sb.append("Date: ").append(date()).append("\r\n");
        sb.append("Server: asynchat-http\r\n");
        sb.append(fields);
        sb.append("Content-Length: ").append(length).append("\r\n");
        if (close) {
            sb.append("Connection: close\r\n");
        } else if (keepAliveOptIn) {
            sb.append("Connection: keep-alive\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The body when it is bytes of at most {@code max}, to be pushed right after the head (the
     * two then leave in one write); null for a file or a larger body, which go by {@link #body()}.
     */
    byte[] smallBody(int max) {
        return file == null && body.length <= max ? body : null;
    }

    /** The body's producer; null for an empty body. */
    Producer body() {
        if (file != null) {
            return Producers.fileRegion(file, 0, length);
        }
        return body.length == 0 ? null : Producers.of(body);
    }

    /** Releases the body when it will not be sent (HEAD, or the connection went away). */
    void discardBody() {
        if (file != null) {
            try {
                file.close();
            } catch (java.io.IOException ignored) {
                // only read from; nothing to lose
            }
        }
    }

    /** The Date value of the current second, formatted once per second (as nginx does). */
    private static volatile CachedDate cachedDate = new CachedDate(Long.MIN_VALUE, "");

    private record CachedDate(long second, String text) {
    }

    static String date() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate d = cachedDate;
        if (d.second != second) {
            d = new CachedDate(second, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC)));
            cachedDate = d;
        }
        return d.text;
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 301 -> "Moved Permanently";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }
}

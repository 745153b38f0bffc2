package org.asynchat.bench.data;

import java.nio.charset.StandardCharsets;

/** The delimiters the benchmarks search for, by the names used in {@code @Param}. */
public enum Delimiter {
    /** {@code "\n"}: line protocols, what Netty's {@code LineBasedFrameDecoder} finds. */
    LF("\n"),
    /** {@code "\r\n"}: RESP, SMTP, HTTP header lines. */
    CRLF("\r\n"),
    /** {@code "\r\n\r\n"}: the end of an HTTP header block. */
    CRLFCRLF("\r\n\r\n"),
    /** {@code "\r\n.\r\n"}: the end of an SMTP {@code DATA} message. */
    SMTP("\r\n.\r\n"),
    /** A 40-byte MIME boundary line start, {@code "\r\n--"} and 36 boundary characters. */
    MIME("\r\n--asynchat-boundary-7d5f0c9a8b1e2f3456");

    private final byte[] bytes;

    Delimiter(String text) {
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Returns the delimiter's bytes.
     *
     * @return a fresh copy
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Returns the delimiter's length.
     *
     * @return the length in bytes
     */
    public int length() {
        return bytes.length;
    }
}

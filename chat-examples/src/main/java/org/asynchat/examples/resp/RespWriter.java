package org.asynchat.examples.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes replies in RESP2 into one reusable buffer; the channel pushes it once per command.
 * {@code +simple}, {@code -error}, {@code :integer}, {@code $bulk}, {@code *array}, each
 * line ending in CRLF.
 */
final class RespWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[256];
    private int length;

    RespWriter simple(String text) {
        return put('+').ascii(text).put(CRLF);
    }

    /** An error reply; Redis's convention is an upper-case code first: {@code ERR}, {@code WRONGTYPE}. */
    RespWriter error(String text) {
        return put('-').ascii(text).put(CRLF);
    }

    RespWriter integer(long n) {
        return put(':').number(n).put(CRLF);
    }

    RespWriter bulk(byte[] data) {
        if (data == null) {
            return put(NULL_BULK);
        }
        return put('$').number(data.length).put(CRLF).put(data).put(CRLF);
    }

    RespWriter bulk(String text) {
        return bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    RespWriter nullBulk() {
        return put(NULL_BULK);
    }

    RespWriter array(int count) {
        return put('*').number(count).put(CRLF);
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** The encoded replies; valid until the next write. */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(buf, 0, length);
    }

    /** Forgets what was written; gives back a buffer grown by a large value. */
    void clear() {
        length = 0;
        if (buf.length > 64 * 1024) {
            buf = new byte[256];
        }
    }

    private RespWriter put(char c) {
        ensure(1);
        buf[length++] = (byte) c;
        return this;
    }

    private RespWriter put(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, buf, length, data.length);
        length += data.length;
        return this;
    }

    private RespWriter ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            buf[length++] = (byte) (c == '\r' || c == '\n' ? ' ' : c); // a reply line may not break
        }
        return this;
    }

    private RespWriter number(long n) {
        if (n == Long.MIN_VALUE) {
            return ascii(Long.toString(n));
        }
        ensure(20);
        if (n < 0) {
            buf[length++] = '-';
            n = -n;
        }
        int start = length;
        do {
            buf[length++] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        for (int i = start, j = length - 1; i < j; i++, j--) { // digits came out backwards
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return this;
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}

package org.asynchat.examples.fuzz;

import java.nio.charset.StandardCharsets;

/** Small byte helpers for the fuzz tests. */
final class Bytes {

    private Bytes() {
    }

    /** ASCII bytes of a string. */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The start of some bytes as readable text: printable ASCII as is, CR and LF as
     * {@code \r} and {@code \n}, anything else as {@code \xNN}.
     *
     * @param bytes the bytes
     * @param max how many bytes to show at most
     * @return the text, with "..." and the total when cut
     */
    static String printable(byte[] bytes, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            int b = bytes[i] & 0xFF;
            if (b == '\r') {
                sb.append("\\r");
            } else if (b == '\n') {
                sb.append("\\n");
            } else if (b == '\\') {
                sb.append("\\\\");
            } else if (b >= 0x20 && b < 0x7F) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return bytes.length > max ? sb + "... (" + bytes.length + " bytes)" : sb.toString();
    }
}

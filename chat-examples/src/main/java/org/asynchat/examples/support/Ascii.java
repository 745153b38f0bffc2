package org.asynchat.examples.support;

/**
 * Strict parsing of the numbers that protocol lines carry. Protocol numbers are ASCII digits
 * with no sign, space or underscore that {@link Long#parseLong} or a lenient parser would let
 * through; accepting those would let a client and the server disagree on where a frame ends.
 */
public final class Ascii {

    private Ascii() {
    }

    /**
     * Parses a non-negative decimal number made of digits only.
     *
     * @param text the text, for example a {@code Content-Length} value
     * @return the number, or -1 if the text is empty, holds anything but digits, or overflows
     */
    public static long parseUnsigned(CharSequence text) {
        return parseUnsigned(text, 0, text.length(), 10);
    }

    /**
     * Parses a non-negative hexadecimal number, as the size of an HTTP chunk.
     *
     * @param text the text
     * @return the number, or -1 if the text is empty, holds anything but hex digits, or
     *         overflows
     */
    public static long parseHex(CharSequence text) {
        return parseUnsigned(text, 0, text.length(), 16);
    }

    private static long parseUnsigned(CharSequence text, int from, int to, int radix) {
        if (from >= to) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), radix);
            if (digit < 0 || text.charAt(i) > 'f') { // Character.digit also takes non-ASCII digits
                return -1;
            }
            if (n > (Long.MAX_VALUE - digit) / radix) {
                return -1;
            }
            n = n * radix + digit;
        }
        return n;
    }

    /**
     * Parses a signed decimal number from bytes, as Redis does: an optional {@code -}, then
     * digits without leading zeros; nothing else, and no overflow.
     *
     * @param bytes the array
     * @param from the first byte
     * @param to one past the last byte
     * @return the number
     * @throws NumberFormatException if the bytes are not such a number
     */
    public static long parseLong(byte[] bytes, int from, int to) {
        boolean negative = from < to && bytes[from] == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 19 || (bytes[i] == '0' && (to - i > 1 || negative))) {
            throw new NumberFormatException("not an integer");
        }
        // Accumulate negatively: the negative range is one larger, so Long.MIN_VALUE parses.
        long n = 0;
        for (; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9 || n < (Long.MIN_VALUE + digit) / 10) {
                throw new NumberFormatException("not an integer");
            }
            n = n * 10 - digit;
        }
        if (!negative && n == Long.MIN_VALUE) {
            throw new NumberFormatException("not an integer");
        }
        return negative ? n : -n;
    }

    /**
     * Parses a whole array as {@link #parseLong(byte[], int, int)} does.
     *
     * @param bytes the number's bytes
     * @return the number
     * @throws NumberFormatException if the bytes are not such a number
     */
    public static long parseLong(byte[] bytes) {
        return parseLong(bytes, 0, bytes.length);
    }

    /**
     * Compares bytes with a word, ignoring the case of ASCII letters, as protocol keywords are
     * compared ({@code get}, {@code GET} and {@code Get} are one command). Allocates nothing.
     *
     * @param bytes the bytes, for example a command name as the client sent it
     * @param word the word, in ASCII
     * @return whether they are the same word
     */
    public static boolean equalsIgnoreCase(byte[] bytes, String word) {
        if (bytes.length != word.length()) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (lower(bytes[i]) != lower((byte) word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}

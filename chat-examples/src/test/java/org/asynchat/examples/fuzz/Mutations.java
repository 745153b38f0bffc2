package org.asynchat.examples.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Ways to break valid input, each a small edit of a byte array: what a buggy client, a bad
 * network or an attacker does to a protocol stream. Each returns a new array and leaves its
 * input alone.
 */
final class Mutations {

    /**
     * Numbers that parsers get wrong: signs, zeros, the edges of int and long, overflow, and
     * things that are almost numbers.
     */
    static final String[] NUMBERS = {"0", "-0", "00", "-1", "1", "+1", " 1", "1 ", "0x10", "1e3", "1.5", "",
        "2147483647", "2147483648", "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551616", "99999999999999999999999999999",
        "536870912", "536870913", "10485760", "10485761", "1048577", "65536", "65537", "1025", "4097"};

    /** Bytes with a meaning somewhere in a text protocol, or none at all. */
    private static final byte[] SPECIAL = {0, '\r', '\n', ' ', '\t', ':', 0x7F, (byte) 0x80, (byte) 0xFF, '%', '$',
        '*', '.', '-', '/', '<', '>', ';', '?', '@', '"', '\\'};

    /** Lengths of an inserted line without end: at and around the examples' limits. */
    private static final int[] LONG_LINES = {513, 1025, 4097, 16385, 65537, 200_000};

    /** The largest mutated case; mutations that grow past it are cut back. */
    static final int MAX_BYTES = 512 * 1024;
    /**
     * The size of a flood: enough pipelined requests that their answers outgrow the kernel's
     * socket buffers and the server's 16 MiB output limit, for a client that does not read.
     */
    static final int FLOOD_BYTES = 4 * 1024 * 1024;

    private Mutations() {
    }

    /**
     * Applies one mutation chosen at random.
     *
     * @param in the input
     * @param r the case's random source
     * @param corpus for splicing and tokens
     * @param recipe where the mutation's name is appended
     * @return the mutated bytes
     */
    static byte[] mutate(byte[] in, Random r, Corpus corpus, StringBuilder recipe) {
        int kind = r.nextInt(16);
        String name;
        byte[] out;
        switch (kind) {
            case 0 -> {
                name = "flip";
                out = flipBit(in, r);
            }
            case 1 -> {
                name = "set";
                out = setByte(in, r);
            }
            case 2 -> {
                name = "insert";
                out = insert(in, r.nextInt(in.length + 1), randomBytes(r, 1 + r.nextInt(16)));
            }
            case 3 -> {
                name = "delete";
                out = delete(in, r);
            }
            case 4 -> {
                name = "duplicate";
                out = duplicate(in, r);
            }
            case 5 -> {
                name = "truncate";
                out = Arrays.copyOf(in, in.length == 0 ? 0 : r.nextInt(in.length));
            }
            case 6 -> {
                name = "splice";
                out = splice(in, pick(corpus, r), r);
            }
            case 7, 8 -> {
                name = "number";
                out = replaceNumber(in, r);
            }
            case 9 -> {
                name = "nul";
                out = insert(in, r.nextInt(in.length + 1), new byte[1 + r.nextInt(3)]);
            }
            case 10 -> {
                name = "bare-cr-lf";
                out = bareLineEnd(in, r);
            }
            case 11 -> {
                name = "long-line";
                out = insert(in, r.nextInt(in.length + 1), longLine(r));
            }
            case 12 -> {
                // Pipelining: a few times, a few hundred, or a flood up to the size limit.
                int times = r.nextInt(4) == 0 ? Integer.MAX_VALUE : 2 + r.nextInt(r.nextBoolean() ? 4 : 200);
                name = times == Integer.MAX_VALUE ? "flood" : "repeat" + times;
                out = repeat(in, times, MAX_BYTES);
            }
            case 13 -> {
                name = "case";
                out = swapCase(in, r);
            }
            case 14 -> {
                name = "token";
                String token = corpus.tokens().get(r.nextInt(corpus.tokens().size()));
                out = insert(in, r.nextInt(in.length + 1), Bytes.ascii(token));
            }
            default -> {
                name = "line-break";
                out = insert(in, r.nextInt(in.length + 1), Bytes.ascii(r.nextBoolean() ? "\r\n" : "\r\n\r\n"));
            }
        }
        recipe.append(' ').append(name);
        return out.length > MAX_BYTES ? Arrays.copyOf(out, MAX_BYTES) : out;
    }

    static byte[] pick(Corpus corpus, Random r) {
        return corpus.transcripts().get(r.nextInt(corpus.transcripts().size()));
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = r.nextInt(3) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (byte) r.nextInt(256);
        }
        return b;
    }

    private static byte[] flipBit(byte[] in, Random r) {
        if (in.length == 0) {
            return randomBytes(r, 1);
        }
        byte[] out = in.clone();
        out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
        return out;
    }

    private static byte[] setByte(byte[] in, Random r) {
        if (in.length == 0) {
            return randomBytes(r, 1);
        }
        byte[] out = in.clone();
        out[r.nextInt(out.length)] = r.nextBoolean() ? SPECIAL[r.nextInt(SPECIAL.length)] : (byte) r.nextInt(256);
        return out;
    }

    static byte[] insert(byte[] in, int at, byte[] what) {
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
    }

    private static byte[] delete(byte[] in, Random r) {
        if (in.length == 0) {
            return in;
        }
        int from = r.nextInt(in.length);
        int n = 1 + r.nextInt(Math.min(in.length - from, 64));
        byte[] out = new byte[in.length - n];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(in, from + n, out, from, in.length - from - n);
        return out;
    }

    private static byte[] duplicate(byte[] in, Random r) {
        if (in.length == 0) {
            return in;
        }
        int from = r.nextInt(in.length);
        int n = 1 + r.nextInt(Math.min(in.length - from, 64));
        byte[] piece = Arrays.copyOfRange(in, from, from + n);
        return insert(in, from, repeat(piece, 1 + r.nextInt(r.nextBoolean() ? 3 : 100), MAX_BYTES));
    }

    /** A prefix of one transcript and a suffix of another: a request cut off by the next one. */
    private static byte[] splice(byte[] in, byte[] other, Random r) {
        int cut = r.nextInt(in.length + 1);
        int from = r.nextInt(other.length + 1);
        byte[] out = Arrays.copyOf(in, cut + other.length - from);
        System.arraycopy(other, from, out, cut, other.length - from);
        return out;
    }

    /** Replaces a run of digits (a length, a count, a size) with one of {@link #NUMBERS}. */
    private static byte[] replaceNumber(byte[] in, Random r) {
        byte[] number = Bytes.ascii(NUMBERS[r.nextInt(NUMBERS.length)]);
        int digits = 0;
        for (byte b : in) {
            if (isDigit(b)) {
                digits++;
            }
        }
        if (digits == 0) {
            return insert(in, r.nextInt(in.length + 1), number);
        }
        int target = r.nextInt(digits);
        int at = 0;
        for (int i = 0, seen = 0; i < in.length; i++) {
            if (isDigit(in[i]) && seen++ == target) {
                at = i;
                break;
            }
        }
        int start = at;
        while (start > 0 && isDigit(in[start - 1])) {
            start--;
        }
        int end = at;
        while (end < in.length && isDigit(in[end])) {
            end++;
        }
        byte[] out = new byte[in.length - (end - start) + number.length];
        System.arraycopy(in, 0, out, 0, start);
        System.arraycopy(number, 0, out, start, number.length);
        System.arraycopy(in, end, out, start + number.length, in.length - end);
        return out;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Turns one CRLF into a lone CR or a lone LF, or adds a lone one if there is none. */
    private static byte[] bareLineEnd(byte[] in, Random r) {
        byte lone = r.nextBoolean() ? (byte) '\r' : (byte) '\n';
        int crlfs = 0;
        for (int i = 0; i + 1 < in.length; i++) {
            crlfs += in[i] == '\r' && in[i + 1] == '\n' ? 1 : 0;
        }
        if (crlfs == 0) {
            return insert(in, r.nextInt(in.length + 1), new byte[] {lone});
        }
        int target = r.nextInt(crlfs);
        for (int i = 0, seen = 0; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n' && seen++ == target) {
                byte[] out = new byte[in.length - 1];
                System.arraycopy(in, 0, out, 0, i);
                out[i] = lone;
                System.arraycopy(in, i + 2, out, i + 1, in.length - i - 2);
                return out;
            }
        }
        throw new AssertionError("unreachable");
    }

    private static byte[] longLine(Random r) {
        byte[] line = new byte[LONG_LINES[r.nextInt(LONG_LINES.length)]];
        Arrays.fill(line, (byte) ('A' + r.nextInt(26)));
        return line;
    }

    /** The input {@code times} times over, or as many whole times as fit in {@code maxBytes}. */
    static byte[] repeat(byte[] in, int times, int maxBytes) {
        int n = (int) Math.min((long) in.length * times, maxBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        while (out.size() + in.length <= n && in.length > 0) {
            out.writeBytes(in);
        }
        return out.toByteArray();
    }

    private static byte[] swapCase(byte[] in, Random r) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        int from = r.nextInt(out.length);
        int to = Math.min(out.length, from + 1 + r.nextInt(32));
        for (int i = from; i < to; i++) {
            if (Character.isLetter(out[i] & 0xFF) && (out[i] & 0xFF) < 0x80) {
                out[i] ^= 0x20;
            }
        }
        return out;
    }
}

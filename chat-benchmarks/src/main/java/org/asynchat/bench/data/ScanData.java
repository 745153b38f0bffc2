package org.asynchat.bench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Makes the benchmark data: the same bytes for the same (delimiter, shape, size) on every run
 * and every machine, so that the JMH benchmarks and the C reference ({@code memscan}) read
 * exactly the same input ({@link #write} puts it in files; {@link #fileName} names them).
 *
 * <p>Text bytes are printable ASCII (0x20 to 0x7E). Every delimiter starts with {@code \r}
 * or {@code \n}, which text never contains, so the only occurrences are the ones placed.
 */
public final class ScanData {

    private static final byte[] CRLF = {'\r', '\n'};

    private ScanData() {
    }

    /**
     * Returns the data for one benchmark case.
     *
     * @param delimiter the delimiter
     * @param shape the shape
     * @param size the length in bytes
     * @return {@code size} bytes
     */
    public static byte[] bytes(Delimiter delimiter, Shape shape, int size) {
        SplittableRandom random = new SplittableRandom(31L * (31L * delimiter.ordinal() + shape.ordinal()) + size);
        byte[] d = delimiter.bytes();
        byte[] out = new byte[size];
        int at = 0;
        int sinceDelimiter = 0;
        int nextDelimiter = random.nextInt(768, 1280);
        while (at < size) {
            int text = switch (shape) {
                case DENSE, CRLF_LINES -> random.nextInt(20, 60);
                case TYPICAL -> random.nextInt(512, 1536);
                case FREE -> size;
            };
            at = text(out, at, text, random);
            if (shape == Shape.FREE) {
                break;
            }
            byte[] end = d;
            if (shape == Shape.CRLF_LINES) {
                sinceDelimiter += text + 2;
                if (sinceDelimiter >= nextDelimiter) {
                    sinceDelimiter = 0;
                    nextDelimiter = random.nextInt(768, 1280);
                } else {
                    end = CRLF;
                }
            }
            int n = Math.min(end.length, size - at);
            System.arraycopy(end, 0, out, at, n);
            at += n;
        }
        return out;
    }

    private static int text(byte[] out, int at, int length, SplittableRandom random) {
        int end = Math.min(out.length, at + length);
        for (int i = at; i < end; i++) {
            out[i] = (byte) random.nextInt(0x20, 0x7F);
        }
        return end;
    }

    /**
     * Counts the complete, non-overlapping occurrences of a delimiter, scanning left to right:
     * the answer every benchmark's search loop must reproduce (checked in each setup).
     *
     * @param data the data
     * @param delimiter the delimiter
     * @return the number of occurrences
     */
    public static int count(byte[] data, byte[] delimiter) {
        int n = 0;
        for (int i = 0; i <= data.length - delimiter.length; ) {
            if (Arrays.equals(data, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                n++;
                i += delimiter.length;
            } else {
                i++;
            }
        }
        return n;
    }

    /**
     * The file name of one case, as the C reference expects it.
     *
     * @param delimiter the delimiter
     * @param shape the shape
     * @param size the length in bytes
     * @return for example {@code lf-dense-65536.bin}
     */
    public static String fileName(Delimiter delimiter, Shape shape, int size) {
        return delimiter.name().toLowerCase() + "-" + shape.name().toLowerCase().replace('_', '-') + "-" + size + ".bin";
    }

    /**
     * Writes every case for the given sizes, and a {@code delimiters.txt} with one line per
     * delimiter: its name and its bytes in hex.
     *
     * @param dir the directory, created if missing
     * @param sizes the sizes
     * @throws IOException if writing fails
     */
    public static void write(Path dir, int... sizes) throws IOException {
        Files.createDirectories(dir);
        StringBuilder index = new StringBuilder();
        for (Delimiter delimiter : Delimiter.values()) {
            index.append(delimiter.name().toLowerCase()).append(' ');
            for (byte b : delimiter.bytes()) {
                index.append(String.format("%02x", b));
            }
            index.append('\n');
            for (Shape shape : Shape.values()) {
                for (int size : sizes) {
                    Files.write(dir.resolve(fileName(delimiter, shape, size)), bytes(delimiter, shape, size));
                }
            }
        }
        Files.writeString(dir.resolve("delimiters.txt"), index);
    }

    /**
     * Writes the data files: {@code java -cp benchmarks.jar org.asynchat.bench.data.ScanData DIR}.
     *
     * @param args the directory, then optionally the sizes (default 4096 65536 1048576)
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ScanData DIR [SIZE...]  (writes the scanner benchmark data files)");
            System.exit(2);
        }
        int[] sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {4096, 65536, 1048576};
        write(Path.of(args[0]), sizes);
        System.out.println("wrote scanner data for sizes " + Arrays.toString(sizes) + " to " + args[0]);
    }
}

package org.asynchat.examples.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import org.asynchat.examples.fuzz.FuzzCase.Delivery;
import org.asynchat.examples.fuzz.FuzzCase.Ending;

/**
 * Makes fuzz cases for one protocol: a tenth purely random bytes, some "token soup" of the
 * protocol's words and hostile numbers, most of them valid transcripts (one, or a few back to
 * back) broken by one to six {@link Mutations}, and a few floods of one transcript repeated
 * to the size limit. The wire behaviour (write sizes, pauses, how the client leaves) is drawn
 * for each case too.
 *
 * <p>Case {@code n} depends on the seed and {@code n} alone, never on which thread runs it
 * or when, so that a failure's case can be replayed by number.
 */
final class CaseGenerator {

    /** Inputs up to this long may be sent a byte per write. */
    private static final int BYTE_BY_BYTE_MAX = 512;

    private final Corpus corpus;

    CaseGenerator(Corpus corpus) {
        if (corpus.transcripts().isEmpty() || corpus.tokens().isEmpty()) {
            throw new IllegalArgumentException("a corpus needs at least one transcript and one token");
        }
        this.corpus = corpus;
    }

    /**
     * Makes case {@code number} of the run with this seed.
     *
     * @param seed the run's seed
     * @param number the case number
     * @return the case
     */
    FuzzCase generate(long seed, int number) {
        Random r = new Random(seed ^ (number * 0x9E3779B97F4A7C15L));
        StringBuilder recipe = new StringBuilder();
        int kind = r.nextInt(100);
        byte[] bytes;
        boolean flood = kind >= 95;
        if (kind < 10) {
            bytes = randomBytes(r, recipe);
        } else if (kind < 25) {
            bytes = tokenSoup(r, recipe);
        } else if (!flood) {
            bytes = mutatedTranscript(r, recipe);
        } else {
            bytes = flood(r, recipe);
        }
        Delivery delivery = bytes.length <= BYTE_BY_BYTE_MAX && r.nextInt(5) == 0 ? Delivery.BYTE_BY_BYTE
                : r.nextBoolean() ? Delivery.CHUNKS : Delivery.WHOLE;
        // Floods mostly stall, so that their answers pile up in the server; other cases stall now and then.
        Ending ending = r.nextInt(flood ? 2 : 10) == 0 ? Ending.STALL
                : Ending.values()[r.nextInt(Ending.STALL.ordinal())];
        int resetAfter = r.nextBoolean() ? bytes.length : r.nextInt(bytes.length + 1);
        return new FuzzCase(number, bytes, delivery, ending, resetAfter, r.nextLong(), recipe.toString().strip());
    }

    /** Random bytes of a random length: any byte, text-like, or the corpus's own bytes. */
    private byte[] randomBytes(Random r, StringBuilder recipe) {
        int bucket = r.nextInt(100);
        int n = bucket < 3 ? 0
                : bucket < 45 ? 1 + r.nextInt(64)
                : bucket < 80 ? 65 + r.nextInt(1000)
                : bucket < 97 ? 1024 + r.nextInt(16 * 1024)
                : 16 * 1024 + r.nextInt(300 * 1024);
        byte[] b = new byte[n];
        int alphabet = r.nextInt(3);
        byte[] source = Mutations.pick(corpus, r);
        for (int i = 0; i < n; i++) {
            b[i] = switch (alphabet) {
                case 0 -> (byte) r.nextInt(256);
                case 1 -> r.nextInt(20) == 0 ? (byte) (r.nextBoolean() ? '\n' : '\r') : (byte) (0x20 + r.nextInt(0x5F));
                default -> source.length == 0 ? 0 : source[r.nextInt(source.length)];
            };
        }
        recipe.append("random ").append(alphabet == 0 ? "bytes" : alphabet == 1 ? "text" : "corpus bytes");
        return b;
    }

    /** The protocol's words, hostile numbers and separators strung together. */
    private byte[] tokenSoup(Random r, StringBuilder recipe) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + r.nextInt(60);
        for (int i = 0; i < n; i++) {
            int what = r.nextInt(10);
            String piece = what < 6 ? corpus.tokens().get(r.nextInt(corpus.tokens().size()))
                    : what < 8 ? Mutations.NUMBERS[r.nextInt(Mutations.NUMBERS.length)]
                    : what < 9 ? " "
                    : "\r\n";
            out.writeBytes(Bytes.ascii(piece));
        }
        recipe.append("token soup of ").append(n);
        return out.toByteArray();
    }

    /**
     * A transcript, perhaps slightly broken, repeated up to the size limit: deep pipelining, whose
     * answers outgrow what a client that does not read can take.
     */
    private byte[] flood(Random r, StringBuilder recipe) {
        byte[] unit = Mutations.pick(corpus, r);
        recipe.append("flood of a transcript,");
        if (r.nextBoolean()) {
            unit = Mutations.mutate(unit, r, corpus, recipe);
        }
        return Mutations.repeat(unit, Integer.MAX_VALUE, Mutations.FLOOD_BYTES);
    }

    /** One valid transcript or a few back to back, then one to six mutations. */
    private byte[] mutatedTranscript(Random r, StringBuilder recipe) {
        int pieces = r.nextInt(5) == 0 ? 2 + r.nextInt(3) : 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < pieces; i++) {
            out.writeBytes(Mutations.pick(corpus, r));
        }
        byte[] bytes = out.toByteArray();
        recipe.append(pieces).append(pieces == 1 ? " transcript," : " transcripts,");
        int mutations = 1 + Math.min(r.nextInt(6), r.nextInt(6)); // mostly few, so the input stays nearly valid
        for (int i = 0; i < mutations; i++) {
            bytes = Mutations.mutate(bytes, r, corpus, recipe);
        }
        return bytes;
    }
}

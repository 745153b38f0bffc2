package org.asynchat.examples.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * What a protocol's fuzz cases are made from: valid transcripts (whole client sessions, which
 * mutations then break), and the protocol's words (verbs, header names, prefixes), which a
 * "token soup" strings together into input that is nearly well-formed.
 *
 * @param transcripts valid client input, each a session or a few requests
 * @param tokens words of the protocol
 */
record Corpus(List<byte[]> transcripts, List<String> tokens) {

    /**
     * Builds a corpus from text.
     *
     * @param transcripts valid client input, written as ISO-8859-1 strings
     * @param tokens words of the protocol
     * @return the corpus
     */
    static Corpus of(List<String> transcripts, List<String> tokens) {
        List<byte[]> bytes = new ArrayList<>();
        for (String t : transcripts) {
            bytes.add(Bytes.ascii(t));
        }
        return new Corpus(List.copyOf(bytes), List.copyOf(tokens));
    }
}

package org.asynchat.bench.data;

/** The kinds of data the scanner and framer benchmarks run over, by their {@code @Param} names. */
public enum Shape {
    /** Records of 20 to 59 bytes of text (about 40) each followed by the delimiter. */
    DENSE,
    /** Records of 512 to 1535 bytes of text (about 1 KiB) each followed by the delimiter. */
    TYPICAL,
    /** Text with no delimiter at all: the pure scanning speed. */
    FREE,
    /**
     * CRLF-terminated text lines of about 40 bytes with the delimiter ending a line every
     * 768 to 1279 bytes: for {@code \r\n\r\n}, {@code \r\n.\r\n} and MIME boundaries, data
     * full of the delimiter's first byte (a false positive for a first-byte-only filter).
     */
    CRLF_LINES
}

package org.asynchat.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The protocol-number parsers and the keyword comparison the examples share. */
class AsciiTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void keywordsCompareWithoutRegardToTheCaseOfAsciiLetters() {
        assertTrue(Ascii.equalsIgnoreCase(b("get"), "GET"));
        assertTrue(Ascii.equalsIgnoreCase(b("GeT"), "get"));
        assertTrue(Ascii.equalsIgnoreCase(b(""), ""));
        assertTrue(Ascii.equalsIgnoreCase(b("0"), "0"));
        assertFalse(Ascii.equalsIgnoreCase(b("gets"), "get"), "length differs");
        assertFalse(Ascii.equalsIgnoreCase(b("ge"), "get"), "length differs");
        assertFalse(Ascii.equalsIgnoreCase(b("gex"), "get"));
        // Only A-Z fold: '@' | 0x20 is '`', and ISO-8859-1 letters are not ASCII.
        assertFalse(Ascii.equalsIgnoreCase(b("@"), "`"));
        assertFalse(Ascii.equalsIgnoreCase(b("\u00c0"), "\u00e0"));
    }

    @Test
    void protocolNumbersAreDigitsOnly() {
        assertEquals(42, Ascii.parseUnsigned("42"));
        assertEquals(-1, Ascii.parseUnsigned("+42"));
        assertEquals(-1, Ascii.parseUnsigned(" 42"));
        assertEquals(-1, Ascii.parseUnsigned(""));
        assertEquals(-1, Ascii.parseUnsigned("99999999999999999999"), "overflow");
        assertEquals(0x1f, Ascii.parseHex("1f"));
        assertEquals(-42, Ascii.parseLong(b("-42"), 0, 3));
        assertThrows(NumberFormatException.class, () -> Ascii.parseLong(b("4x"), 0, 2));
    }
}

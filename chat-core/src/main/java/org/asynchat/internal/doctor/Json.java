package org.asynchat.internal.doctor;

import java.util.Collection;
import java.util.Map;

/**
 * Writes the report's values as JSON (RFC 8259), with no library: a value is a {@link Map} with
 * string keys (an object, in its iteration order), a {@link Collection} (an array), a
 * {@link CharSequence}, a {@link Number}, a {@link Boolean} or {@code null}. Anything else is
 * written as its {@code toString()}, as a string.
 */
public final class Json {

    private Json() {
    }

    /**
     * Renders a value on one line.
     *
     * @param value the value
     * @return its JSON text
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            // Other numbers too: a double's toString (NaN, 1.0E10) is not always a JSON number.
            string(value.toString(), out);
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped; the rest as is (UTF-16). */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Control characters must be escaped; U+2028 and U+2029 are escaped too, so the
                    // text can also be pasted into JavaScript.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

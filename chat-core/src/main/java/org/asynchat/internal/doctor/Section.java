package org.asynchat.internal.doctor;

import java.util.List;
import java.util.Objects;

/**
 * One part of a backend report: the lines a person reads (the first beside its label, the rest
 * indented under it) and the value a machine reads under {@code key} in the JSON.
 *
 * @param key the JSON member name, for example {@code "jdk"}
 * @param label the word a person reads before the first line, for example {@code "jdk"}
 * @param lines the text, at least one line, none with a line break
 * @param json the value for {@link Json}: usually an ordered map
 */
public record Section(String key, String label, List<String> lines, Object json) {

    /**
     * Checks the parts and copies the lines.
     *
     * @param key the JSON member name
     * @param label the label people read
     * @param lines the text
     * @param json the value machines read
     */
    public Section {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a section has at least one line");
        }
    }
}

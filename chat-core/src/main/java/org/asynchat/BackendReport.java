package org.asynchat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.asynchat.internal.doctor.Json;
import org.asynchat.internal.doctor.Section;

/**
 * What {@link Backends#report()} found: whether the chosen (or named) backend works here, and
 * the facts that explain it, to read ({@link #toString()}, a few lines to paste into an issue)
 * or to parse ({@link #toJson()}). Immutable; made once, when the report is asked for.
 *
 * <p>The JSON is one object: {@code "format"} (1, raised if a member changes meaning),
 * {@code "ok"}, {@code "summary"}, then one member per part of the text, in its order:
 * {@code "asynchat"}, {@code "jdk"}, {@code "os"}, {@code "backends"} (an array, one object per
 * backend found, with its {@code "diagnostics"}), {@code "chosen"}, {@code "listen"},
 * {@code "limits"}, {@code "tls"}. Facts that may be missing are {@code null}, or a string
 * saying why where a number was expected (an open-file limit of {@code "unlimited"}).
 */
public final class BackendReport {

    /** The version of the JSON layout. */
    private static final int FORMAT = 1;
    /** The column where every section's text starts, after its label. */
    private static final int TEXT_COLUMN = 10;

    private final boolean ok;
    private final String summary;
    private final List<Section> sections;

    BackendReport(boolean ok, String summary, List<Section> sections) {
        this.ok = ok;
        this.summary = summary;
        this.sections = List.copyOf(sections);
    }

    /**
     * Tells whether the backend this report is about works here: it is available, and it opened
     * a poller and a listener on 127.0.0.1. What {@code doctor}'s exit status reports.
     *
     * @return true if it works
     */
    public boolean ok() {
        return ok;
    }

    /**
     * Says in one line which backend the report is about and whether it works; when it does
     * not, why, and what to do.
     *
     * @return {@code "OK: epoll works (...)"} or {@code "FAILED: ..."}
     */
    public String summary() {
        return summary;
    }

    /**
     * Renders the report as JSON, on one line (see the class documentation for its members).
     *
     * @return the JSON text
     */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("ok", ok);
        json.put("summary", summary);
        for (Section s : sections) {
            json.put(s.key(), s.json());
        }
        return Json.write(json);
    }

    /**
     * Renders the report for people: the summary first, then one labelled section per line or
     * few lines. Lines end with {@code \n}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        line(sb, "result", List.of(summary));
        for (Section s : sections) {
            line(sb, s.label(), s.lines());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, List<String> lines) {
        String first = label + ":";
        sb.append(first).append(" ".repeat(Math.max(1, TEXT_COLUMN - first.length())));
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sb.append(" ".repeat(TEXT_COLUMN));
            }
            sb.append(lines.get(i)).append('\n');
        }
    }
}

package org.asynchat;

import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.asynchat.Backends.Discovered;
import org.asynchat.Backends.Request;
import org.asynchat.internal.doctor.ListenProbe;
import org.asynchat.internal.doctor.Machine;
import org.asynchat.internal.doctor.Section;
import org.asynchat.internal.doctor.Tls;
import org.asynchat.spi.Availability;
import org.asynchat.spi.Backend;

/**
 * Makes a {@link BackendReport}: asks every backend found whether it is available and for its
 * diagnostics, makes the choice {@link Backends#select()} would make (without its cache or its
 * log line), tries the chosen backend, and gathers the machine's facts. Called only by
 * {@link Backends#report()}.
 */
final class Doctor {

    private Doctor() {
    }

    /**
     * Examines the backends found for the current request, or for a named one.
     *
     * @param found the providers, in descending priority
     * @param current what the system property and environment variable ask for now
     * @param named the backend the caller named, or null to report on the current request
     */
    static BackendReport examine(List<Discovered> found, Request current, Request named) {
        List<Section> sections = new ArrayList<>();
        sections.add(asynchat());
        sections.add(Machine.jdk());
        sections.add(Machine.os());
        sections.add(backends(found));

        Request asked = named != null ? named : current;
        Discovered chosen = null;
        String problem = null;
        try {
            chosen = choose(asked, found);
        } catch (BackendUnavailableException e) {
            problem = problem(asked, found, e);
        }
        String how = how(asked);
        sections.add(chosenSection(found, current, named, chosen, how, problem));

        ListenProbe.Result listen = chosen == null ? ListenProbe.notTried("no backend to try") : ListenProbe.run(chosen.backend());
        sections.add(listen.section());
        sections.add(Machine.limits());
        sections.add(Tls.facts());

        boolean ok = chosen != null && listen.works();
        String summary;
        if (ok) {
            summary = "OK: " + chosen.name() + " works (" + how + ")";
        } else {
            summary = "FAILED: " + (problem != null ? problem : listen.problem());
        }
        return new BackendReport(ok, summary, sections);
    }

    /** The choice {@link Backends#select()} or {@link Backends#named} makes, uncached and unlogged. */
    private static Discovered choose(Request asked, List<Discovered> found) {
        return asked.name() == null ? Backends.findBest(found) : Backends.findNamed(asked.name(), asked.source(), found);
    }

    /**
     * Why a request cannot be met, shorter than the exception's message: the report lists every
     * backend with its reason just below, so this names only the one asked for, and what works.
     */
    private static String problem(Request asked, List<Discovered> found, BackendUnavailableException e) {
        Discovered wanted = null;
        List<String> usable = new ArrayList<>();
        for (Discovered d : found) {
            if (d.backend() != null && asked.name() != null && d.name().equalsIgnoreCase(asked.name())) {
                wanted = d;
            }
            if (d.availability().available()) {
                usable.add(d.name());
            }
        }
        if (asked.name() == null || found.isEmpty()) {
            return e.getMessage();
        }
        String instead = usable.isEmpty() ? "; none is available: add org.asynchat:chat-nio-selector"
                : "; available here: " + String.join(", ", usable);
        if (wanted == null) {
            List<String> names = new ArrayList<>();
            found.forEach(d -> names.add(d.name()));
            return "asynchat backend '" + asked.name() + "' (asked for by " + asked.source() + ") is not known;"
                    + " found: " + String.join(", ", names) + instead;
        }
        return "asynchat backend '" + asked.name() + "' (asked for by " + asked.source() + ") is not available here: "
                + wanted.availability().reason() + instead;
    }

    /** How a request chooses, in words. */
    private static String how(Request asked) {
        if (asked.name() == null) {
            return Backends.BEST_REASON + "; neither " + SystemProperties.BACKEND + " nor "
                    + SystemProperties.BACKEND_ENV + " is set";
        }
        return "asked for by " + asked.source();
    }

    private static Section asynchat() {
        String version = Backends.class.getPackage().getImplementationVersion();
        String from = location(Backends.class);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", version);
        json.put("core", from);
        return new Section("asynchat", "asynchat", List.of((version != null ? version : "version unknown")
                + " (chat-core from " + (from != null ? from : "an unknown location") + ")"), json);
    }

    /** Every backend found, each asked whether it is available and for its diagnostics. */
    private static Section backends(List<Discovered> found) {
        List<String> lines = new ArrayList<>();
        List<Object> json = new ArrayList<>();
        for (Discovered d : found) {
            Availability availability = d.availability();
            Backend backend = d.backend();
            String from = backend != null ? location(backend.getClass()) : null;
            String version = backend != null ? backend.getClass().getPackage().getImplementationVersion() : null;
            Map<String, String> diagnostics = diagnostics(backend);
            lines.add(d.name() + ", priority " + d.priority()
                    + (from != null ? ", from " + from : "") + (version != null ? " (" + version + ")" : "")
                    + ": " + (availability.available() ? "available" : "unavailable: " + availability.reason()));
            diagnostics.forEach((key, value) -> lines.add("  " + key + ": " + value));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", d.name());
            entry.put("priority", d.priority());
            entry.put("available", availability.available());
            entry.put("reason", availability.reason());
            entry.put("from", from);
            entry.put("version", version);
            entry.put("diagnostics", diagnostics);
            json.add(entry);
        }
        if (lines.isEmpty()) {
            lines.add("none on the class path or module path: add org.asynchat:chat-nio-selector (portable) or,"
                    + " on Linux, org.asynchat:chat-epoll-jni");
        }
        return new Section("backends", "backends", lines, json);
    }

    /** The backend's diagnostics, guarded: one that throws reports the exception as its only fact. */
    private static Map<String, String> diagnostics(Backend backend) {
        if (backend == null) {
            return Map.of();
        }
        try {
            Map<String, String> facts = backend.diagnostics();
            return facts == null ? Map.of() : new LinkedHashMap<>(facts);
        } catch (Throwable t) {
            return Map.of("diagnostics", "failed: " + t);
        }
    }

    private static Section chosenSection(List<Discovered> found, Request current, Request named, Discovered chosen,
            String how, String problem) {
        List<String> lines = new ArrayList<>();
        Request asked = named != null ? named : current;
        lines.add(chosen != null ? chosen.name() + ": " + how
                : "none (" + (asked.name() != null ? asked.name() + ", " : "") + how + "): see result");
        String settings = SystemProperties.BACKEND + value(current.property()) + ", "
                + SystemProperties.BACKEND_ENV + value(current.environment());
        if (named != null) {
            String instead;
            try {
                Discovered d = choose(current, found);
                instead = "would choose " + d.name() + " (" + how(current) + ")";
            } catch (BackendUnavailableException e) {
                instead = "would fail to choose one";
            }
            lines.add("without " + named.source() + ", an application here " + instead + "; " + settings);
        } else {
            lines.add(settings);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", chosen != null ? chosen.name() : null);
        json.put("requested", asked.name());
        json.put("by", how);
        json.put("problem", problem);
        json.put("property", current.property());
        json.put("environment", current.environment());
        return new Section("chosen", "chosen", lines, json);
    }

    private static String value(String v) {
        return v == null ? " unset" : "=" + v;
    }

    /** Where a class was loaded from: a jar or folder path, another URL, or null when unknown. */
    private static String location(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL url = source != null ? source.getLocation() : null;
            if (url == null) {
                return null;
            }
            return url.getProtocol().equals("file") ? Path.of(url.toURI()).toString() : url.toString();
        } catch (Exception e) {
            return null;
        }
    }
}

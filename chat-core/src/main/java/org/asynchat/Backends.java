package org.asynchat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.asynchat.spi.Availability;
import org.asynchat.spi.Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds backends with {@link ServiceLoader} and chooses one at deploy time.
 *
 * <p>The choice: the system property {@value SystemProperties#BACKEND} if set, else the
 * environment variable {@value SystemProperties#BACKEND_ENV}, else the available backend with
 * the highest priority. A backend that fails to load or to answer is reported and skipped,
 * never fatal to discovery. The chosen backend, and why better ones were passed over, is
 * logged once at INFO.
 */
public final class Backends {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private Backends() {
    }

    /**
     * What discovery found about one provider.
     *
     * @param name the backend's name, or the provider's class name if it could not be loaded
     * @param priority the backend's priority (0 if unknown)
     * @param availability whether it can be used and why not
     * @param backend the backend, or {@code null} if it could not be loaded
     */
    public record Candidate(String name, int priority, Availability availability, Backend backend) {
        @Override
        public String toString() {
            return name + " (priority " + priority + ", "
                    + (availability.available() ? "available" : "unavailable: " + availability.reason()) + ")";
        }
    }

    /**
     * Lists every backend provider on the class path or module path, loaded or not, in
     * descending priority.
     *
     * @return the candidates
     */
    public static List<Candidate> discover() {
        return discover(Backends.class.getClassLoader());
    }

    /**
     * Lists every backend provider visible to a class loader, in descending priority.
     *
     * @param loader the class loader to search
     * @return the candidates
     */
    public static List<Candidate> discover(ClassLoader loader) {
        List<Candidate> found = new ArrayList<>();
        ServiceLoader<Backend> services = ServiceLoader.load(Backend.class, loader);
        var it = services.stream().iterator();
        while (true) {
            ServiceLoader.Provider<Backend> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                found.add(new Candidate("(broken provider)", 0,
                        Availability.no("could not be loaded: " + e.getMessage()), null));
                continue;
            }
            found.add(inspect(provider));
        }
        found.sort(Comparator.comparingInt(Candidate::priority).reversed());
        return found;
    }

    private static Candidate inspect(ServiceLoader.Provider<Backend> provider) {
        String type = provider.type().getName();
        Backend backend;
        try {
            backend = provider.get();
        } catch (Throwable t) {
            return new Candidate(type, 0, Availability.no("could not be instantiated: " + t), null);
        }
        try {
            String name = Objects.requireNonNull(backend.name(), "name()");
            int priority = backend.priority();
            Availability availability = Objects.requireNonNull(backend.availability(), "availability()");
            return new Candidate(name, priority, availability, backend);
        } catch (Throwable t) {
            return new Candidate(type, 0, Availability.no("failed to describe itself: " + t), null);
        }
    }

    /**
     * Chooses the backend for this process: the one named by the system property or the
     * environment variable, else the best available one.
     *
     * @return the backend
     * @throws BackendUnavailableException if none can be used; the message says why
     */
    public static Backend select() {
        String name = System.getProperty(SystemProperties.BACKEND);
        String source = "system property " + SystemProperties.BACKEND;
        if (name == null || name.isBlank()) {
            name = System.getenv(SystemProperties.BACKEND_ENV);
            source = "environment variable " + SystemProperties.BACKEND_ENV;
        }
        if (name == null || name.isBlank()) {
            return best(discover());
        }
        return named(name.trim(), source, discover());
    }

    /**
     * Chooses a backend by name, ignoring the system property and environment variable.
     *
     * @param name the backend's name, for example {@code "nio"}
     * @return the backend
     * @throws BackendUnavailableException if it is unknown or unavailable; the message says why
     */
    public static Backend named(String name) {
        return named(name, "Backends.named(\"" + name + "\")");
    }

    /**
     * Chooses a backend by name, saying in any error where the name came from.
     *
     * @param name the backend's name, for example {@code "nio"}
     * @param source where the name came from, for messages, for example {@code "--backend"}
     * @return the backend
     * @throws BackendUnavailableException if it is unknown or unavailable; the message says why
     */
    public static Backend named(String name, String source) {
        Objects.requireNonNull(name, "name");
        return named(name.trim(), source, discover());
    }

    static Backend named(String name, String source, List<Candidate> found) {
        String wanted = name.toLowerCase(Locale.ROOT);
        if (found.isEmpty()) {
            throw none();
        }
        for (Candidate c : found) {
            if (c.name().equals(wanted)) {
                if (!c.availability().available()) {
                    throw new BackendUnavailableException("asynchat backend '" + name + "' (asked for by " + source
                            + ") is not available here: " + c.availability().reason() + ". Backends found: "
                            + describe(found) + ". " + advice(found, source));
                }
                logChoice(c, "asked for by " + source, found);
                return c.backend();
            }
        }
        throw new BackendUnavailableException("asynchat backend '" + name + "' (asked for by " + source
                + ") is not known. Backends found: " + describe(found) + ". " + advice(found, source));
    }

    static Backend best(List<Candidate> found) {
        if (found.isEmpty()) {
            throw none();
        }
        for (Candidate c : found) {
            if (c.availability().available()) {
                logChoice(c, "the highest-priority available backend", found);
                return c.backend();
            }
        }
        throw new BackendUnavailableException("no asynchat backend is available here. Backends found: "
                + describe(found) + ". Add org.asynchat:chat-nio-selector, which runs wherever Java does.");
    }

    private static BackendUnavailableException none() {
        return new BackendUnavailableException("no asynchat backend is on the class path or module path."
                + " Add the artifact org.asynchat:chat-nio-selector (portable) or, on Linux,"
                + " org.asynchat:chat-epoll-jni.");
    }

    private static String advice(List<Candidate> found, String source) {
        List<String> usable = new ArrayList<>();
        for (Candidate c : found) {
            if (c.availability().available()) {
                usable.add(c.name());
            }
        }
        if (usable.isEmpty()) {
            return "None is available; add org.asynchat:chat-nio-selector.";
        }
        return "Choose one of " + usable + " with " + source + ", or leave it unset to use the best available one.";
    }

    private static String describe(List<Candidate> found) {
        StringBuilder sb = new StringBuilder();
        for (Candidate c : found) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static void logChoice(Candidate chosen, String why, List<Candidate> found) {
        if (!LOGGED.add(chosen.name())) {
            return;
        }
        StringBuilder passed = new StringBuilder();
        for (Candidate c : found) {
            if (c != chosen && !c.availability().available()) {
                passed.append("; ").append(c.name()).append(" unavailable: ").append(c.availability().reason());
            }
        }
        LOG.info("asynchat backend: {} ({}){}", chosen.name(), why, passed);
    }
}

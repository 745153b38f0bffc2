package org.asynchat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
 *
 * <p><b>Bind once, initialise only what is asked for</b> (as SLF4J binds its provider).
 * {@link ServiceLoader} runs once per class loader that loaded this class: the first
 * {@link #select()}, {@link #named(String)} or {@link #discover()} constructs each provider
 * (which must be cheap, see {@link Backend}) and asks its name and priority, and the list is kept
 * for the life of the class loader. A named backend is matched by name before anyone is asked
 * whether it is available, so {@code -Dasynchat.backend=nio} never loads the epoll library;
 * without a name, backends are asked in descending priority and the first available one wins,
 * so lower ones are not asked at all. Only when a choice fails, or when {@link #discover()} is
 * called for a listing, is every backend asked (the error message says why each one cannot run).
 * {@link #report()} asks every backend too, and for its diagnostics, for people deciding why a
 * backend does not run here; it leaves the choices of {@link #select()} as they are.
 *
 * <p><b>The cache.</b> Each requested name ({@code nio}, {@code epoll}, or none for "the best
 * available") is resolved once and the same {@link Backend} instance is returned from then on,
 * so every {@code new EventLoop()} after the first costs a map lookup. The property and the
 * environment variable are read on every {@link #select()}: a test that sets
 * {@value SystemProperties#BACKEND} to {@code nio}, then to {@code epoll}, then clears it gets
 * each of those choices, each resolved once. A failed choice is not cached (it is thrown again,
 * without another search). Providers added to the class path after the first search are not
 * seen; a fresh class loader (or {@link #discover(ClassLoader)}, which always searches) sees them.
 * All methods are thread-safe.
 */
public final class Backends {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    /** The key of {@link #CHOSEN} for "no name given: the best available backend". */
    private static final String BEST = "";

    /** The providers visible to this class's loader; null until the first search. */
    private static volatile List<Discovered> found;

    /** The backend each requested name (lower case, or {@link #BEST}) resolved to. */
    private static final ConcurrentMap<String, Backend> CHOSEN = new ConcurrentHashMap<>();

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
     * descending priority. This asks every backend whether it is available, so it loads native
     * libraries that {@link #select()} would leave alone; it is for diagnostics and tests.
     *
     * @return the candidates
     */
    public static List<Candidate> discover() {
        return candidates(providers());
    }

    /**
     * Lists every backend provider visible to a class loader, in descending priority. Searches
     * afresh on every call, and asks every backend whether it is available.
     *
     * @param loader the class loader to search
     * @return the candidates
     */
    public static List<Candidate> discover(ClassLoader loader) {
        return candidates(search(loader));
    }

    /**
     * Chooses the backend for this process: the one named by the system property or the
     * environment variable, else the best available one. Resolved once per name (see the class
     * documentation), so calling it for every event loop is cheap.
     *
     * @return the backend
     * @throws BackendUnavailableException if none can be used; the message says why
     */
    public static Backend select() {
        Request request = Request.current();
        if (request.name() == null) {
            return chosen(BEST, null);
        }
        return named(request.name(), request.source());
    }

    /**
     * Examines this machine for the backend {@link #select()} would choose now (with the current
     * system property and environment variable): asks every backend whether it is available and
     * for its {@linkplain Backend#diagnostics() diagnostics}, tries the chosen one (a poller, a
     * listener on 127.0.0.1, {@code SO_REUSEPORT}), and adds the JDK, the operating system, the
     * limits and TLS. What {@code java -jar chat-examples.jar doctor} prints.
     *
     * <p>Loads every backend's native library, as {@link #discover()} does, and takes a moment
     * (the default TLS context reads the trust store); it caches nothing and changes nothing that
     * {@link #select()} does or will choose.
     *
     * @return the report; {@link BackendReport#ok()} tells whether the chosen backend works
     */
    public static BackendReport report() {
        return Doctor.examine(providers(), Request.current(), null);
    }

    /**
     * Examines this machine for a named backend, as {@link #report()} does for the chosen one:
     * the report is {@linkplain BackendReport#ok() ok} only if this backend works here.
     *
     * @param name the backend's name, for example {@code "epoll"}; not case-sensitive
     * @param source where the name came from, for messages, for example {@code "--backend"}
     * @return the report
     */
    public static BackendReport report(String name, String source) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        return Doctor.examine(providers(), Request.current(), new Request(name.trim(), source));
    }

    /**
     * The backend the system property or else the environment variable names, and which of the
     * two set it; a blank value counts as unset.
     *
     * @param name the name, or null when neither is set
     * @param source {@code "system property asynchat.backend"} or
     *        {@code "environment variable ASYNCHAT_BACKEND"}, or null
     * @param property the property's value, or null
     * @param environment the environment variable's value, or null
     */
    record Request(String name, String source, String property, String environment) {

        Request(String name, String source) {
            this(name, source, null, null);
        }

        static Request current() {
            String property = blankToNull(System.getProperty(SystemProperties.BACKEND));
            String environment = blankToNull(System.getenv(SystemProperties.BACKEND_ENV));
            if (property != null) {
                return new Request(property, "system property " + SystemProperties.BACKEND, property, environment);
            }
            if (environment != null) {
                return new Request(environment, "environment variable " + SystemProperties.BACKEND_ENV, null,
                        environment);
            }
            return new Request(null, null, null, null);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
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
     * Chooses a backend by name, saying in any error where the name came from. Only the named
     * backend is asked whether it is available (unless it is unknown or unavailable, when the
     * message lists every backend).
     *
     * @param name the backend's name, for example {@code "nio"}; not case-sensitive
     * @param source where the name came from, for messages, for example {@code "--backend"}
     * @return the backend
     * @throws BackendUnavailableException if it is unknown or unavailable; the message says why
     */
    public static Backend named(String name, String source) {
        Objects.requireNonNull(name, "name");
        String trimmed = name.trim();
        return chosen(trimmed.toLowerCase(Locale.ROOT), () -> named(trimmed, source, providers()));
    }

    /** The cached answer for a key, or the choice made now and cached if it succeeds. */
    private static Backend chosen(String key, Choice choice) {
        Backend backend = CHOSEN.get(key);
        if (backend != null) {
            return backend;
        }
        synchronized (CHOSEN) {
            backend = CHOSEN.get(key);
            if (backend == null) {
                backend = choice != null ? choice.make() : best(providers());
                CHOSEN.put(key, backend);
            }
            return backend;
        }
    }

    /** A choice that throws {@link BackendUnavailableException} when it cannot be made. */
    private interface Choice {
        Backend make();
    }

    /** The providers visible to this class's loader, searched for on the first call only. */
    private static List<Discovered> providers() {
        List<Discovered> list = found;
        if (list == null) {
            synchronized (Backends.class) {
                list = found;
                if (list == null) {
                    list = search(Backends.class.getClassLoader());
                    found = list;
                }
            }
        }
        return list;
    }

    /** Runs {@link ServiceLoader}: constructs each provider and asks its name and priority only. */
    static List<Discovered> search(ClassLoader loader) {
        List<Discovered> list = new ArrayList<>();
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
                list.add(Discovered.broken("(broken provider)", "could not be loaded: " + e.getMessage()));
                continue;
            }
            list.add(Discovered.of(provider));
        }
        list.sort(Comparator.comparingInt(Discovered::priority).reversed());
        return List.copyOf(list);
    }

    private static List<Candidate> candidates(List<Discovered> list) {
        List<Candidate> candidates = new ArrayList<>(list.size());
        for (Discovered d : list) {
            candidates.add(new Candidate(d.name(), d.priority(), d.availability(), d.backend()));
        }
        return candidates;
    }

    static Backend named(String name, String source, List<Discovered> found) {
        Discovered d = findNamed(name, source, found);
        logChoice(d, "asked for by " + source, List.of());
        return d.backend();
    }

    /** The named backend if it is available; else throws, saying why. Asks only that backend. */
    static Discovered findNamed(String name, String source, List<Discovered> found) {
        String wanted = name.toLowerCase(Locale.ROOT);
        if (found.isEmpty()) {
            throw none();
        }
        for (Discovered d : found) {
            if (d.backend() != null && d.name().equals(wanted)) {
                if (!d.availability().available()) {
                    throw new BackendUnavailableException("asynchat backend '" + name + "' (asked for by " + source
                            + ") is not available here: " + d.availability().reason() + ". Backends found: "
                            + describe(found) + ". " + advice(found, source));
                }
                return d;
            }
        }
        throw new BackendUnavailableException("asynchat backend '" + name + "' (asked for by " + source
                + ") is not known. Backends found: " + describe(found) + ". " + advice(found, source));
    }

    static Backend best(List<Discovered> found) {
        Discovered d = findBest(found);
        logChoice(d, BEST_REASON, found.subList(0, found.indexOf(d)));
        return d.backend();
    }

    /** Why {@link #findBest} chose what it chose, for the log and the report. */
    static final String BEST_REASON = "the highest-priority available backend";

    /** The first available backend in descending priority; asks each in turn, until one is. */
    static Discovered findBest(List<Discovered> found) {
        if (found.isEmpty()) {
            throw none();
        }
        for (Discovered d : found) {
            if (d.availability().available()) {
                return d;
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

    private static String advice(List<Discovered> found, String source) {
        List<String> usable = new ArrayList<>();
        for (Discovered d : found) {
            if (d.availability().available()) {
                usable.add(d.name());
            }
        }
        if (usable.isEmpty()) {
            return "None is available; add org.asynchat:chat-nio-selector.";
        }
        return "Choose one of " + usable + " with " + source + ", or leave it unset to use the best available one.";
    }

    private static String describe(List<Discovered> found) {
        StringBuilder sb = new StringBuilder();
        for (Discovered d : found) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(d.name()).append(" (priority ").append(d.priority()).append(", ");
            Availability a = d.availability();
            sb.append(a.available() ? "available" : "unavailable: " + a.reason()).append(')');
        }
        return sb.toString();
    }

    /** Logs the choice with the reasons of the backends passed over, which were all asked. */
    private static void logChoice(Discovered chosen, String why, List<Discovered> passedOver) {
        StringBuilder passed = new StringBuilder();
        for (Discovered d : passedOver) {
            passed.append("; ").append(d.name()).append(" unavailable: ").append(d.availability().reason());
        }
        LOG.info("asynchat backend: {} ({}){}", chosen.name(), why, passed);
    }

    /**
     * One provider as a search found it: constructed, named and ranked (all cheap); whether it
     * is available is asked on first need only, then remembered.
     */
    static final class Discovered {
        private final String name;
        private final int priority;
        /** Null when the provider could not be loaded or could not describe itself. */
        private final Backend backend;
        /** Written once, by whichever thread asks first; the backend caches its own answer too. */
        private volatile Availability availability;

        private Discovered(String name, int priority, Backend backend, Availability availability) {
            this.name = name;
            this.priority = priority;
            this.backend = backend;
            this.availability = availability;
        }

        /** A backend given directly (for tests of the choice). */
        static Discovered of(Backend backend) {
            return new Discovered(backend.name(), backend.priority(), backend, null);
        }

        static Discovered broken(String name, String reason) {
            return new Discovered(name, 0, null, Availability.no(reason));
        }

        private static Discovered of(ServiceLoader.Provider<Backend> provider) {
            String type = provider.type().getName();
            Backend backend;
            try {
                backend = provider.get();
            } catch (Throwable t) {
                return broken(type, "could not be instantiated: " + t);
            }
            try {
                return new Discovered(Objects.requireNonNull(backend.name(), "name()").toLowerCase(Locale.ROOT),
                        backend.priority(), backend, null);
            } catch (Throwable t) {
                return broken(type, "failed to describe itself: " + t);
            }
        }

        String name() {
            return name;
        }

        int priority() {
            return priority;
        }

        Backend backend() {
            return backend;
        }

        /** Asks the backend on the first call; a backend that throws is unavailable, saying why. */
        Availability availability() {
            Availability a = availability;
            if (a == null) {
                try {
                    a = Objects.requireNonNull(backend.availability(), "availability()");
                } catch (Throwable t) {
                    a = Availability.no("failed to say whether it is available: " + t);
                }
                availability = a;
            }
            return a;
        }
    }
}

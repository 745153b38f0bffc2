package org.asynchat.spi;

import java.io.IOException;
import java.util.Map;

/**
 * An I/O engine behind the event loop: the {@link java.util.ServiceLoader} service that
 * backend modules provide ({@code nio}, {@code epoll}).
 *
 * <p><b>The discovery contract</b> (SLF4J's: a cheap provider, initialised only when bound).
 * Discovery constructs every provider on the class path or module path and asks each its
 * {@link #name()} and {@link #priority()}, whichever backend is wanted, so the public
 * no-argument constructor and those two methods must do nothing expensive, never fail, and never
 * touch native code or the operating system. Work that can fail (loading a native library,
 * probing the kernel) belongs in {@link #availability()}, which discovery calls only for a backend
 * it is about to choose (the named one, or each in descending priority until one is available),
 * and whose answer the backend computes once. So naming {@code nio} never loads the epoll
 * library.
 *
 * <p>Discovery keeps the chosen instance for the life of its class loader and hands it to every
 * event loop that asks: a backend is shared by all loops and threads, so it must be thread-safe
 * (stateless, in practice; per-loop state belongs in the {@link Poller}).
 *
 * <p>Backends are declared both in {@code META-INF/services/org.asynchat.spi.Backend} and in
 * their {@code module-info}. Backends never call user code: the event loop in {@code chat-core}
 * does.
 */
public interface Backend {

    /**
     * Returns the name users select this backend by ({@code -Dasynchat.backend=NAME}). Cheap and
     * constant: discovery asks every backend before choosing one.
     *
     * @return a short lower-case name, unique among backends
     */
    String name();

    /**
     * Returns the preference among available backends when none is named; the highest wins.
     * Cheap and constant, like {@link #name()}.
     *
     * @return the priority
     */
    int priority();

    /**
     * Tells whether this backend works on this machine and, if not, why. The first call may be
     * expensive (it may load a native library); it is made only when this backend is about to be
     * chosen or listed, from any thread.
     *
     * @return the availability, computed once and then cached
     */
    Availability availability();

    /**
     * Returns the facts that explain this backend's {@link #availability()} on this machine, for
     * a person reading a backend report ({@link org.asynchat.Backends#report()},
     * {@code java -jar chat-examples.jar doctor}): for a native backend, where its library was
     * looked for and found, the version it was built for, what it needs from the system. A fact
     * of the backend, not of the machine: the JDK, the operating system, the open-file limit and
     * whether a listener can bind are reported for every backend by the report itself.
     *
     * <p>Only the report calls this, after {@link #availability()}, from any thread; discovery
     * and {@link org.asynchat.Backends#select()} never do. It may be slow (read files of
     * {@code /proc}, parse a library), should not throw (a throw is reported as the fact
     * {@code diagnostics} with the exception), and should say in each value what a user can do
     * where a fact explains why the backend cannot run.
     *
     * @return fact name to value, in the order to show them (a {@link java.util.LinkedHashMap},
     *         say): names are short lower-case words joined by hyphens ({@code library},
     *         {@code abi-version}), values one line each; empty by default
     */
    default Map<String, String> diagnostics() {
        return Map.of();
    }

    /**
     * Opens a poller for one event loop.
     *
     * @return a new poller
     * @throws IOException if the operating system refuses (for example, out of descriptors)
     * @throws IllegalStateException if the backend is not available
     */
    Poller openPoller() throws IOException;
}

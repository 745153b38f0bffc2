package org.asynchat.spi;

import java.io.IOException;

/**
 * An I/O engine behind the event loop: the {@link java.util.ServiceLoader} service that
 * backend modules provide ({@code nio}, {@code epoll}).
 *
 * <p>Implementations need a public no-argument constructor that does nothing expensive and
 * never fails; work that can fail (loading a native library) belongs in
 * {@link #availability()}, whose answer is computed once. Backends are declared both in
 * {@code META-INF/services/org.asynchat.spi.Backend} and in their {@code module-info}.
 * Backends never call user code: the event loop in {@code chat-core} does.
 */
public interface Backend {

    /**
     * Returns the name users select this backend by ({@code -Dasynchat.backend=NAME}).
     *
     * @return a short lower-case name, unique among backends
     */
    String name();

    /**
     * Returns the preference among available backends when none is named; the highest wins.
     *
     * @return the priority
     */
    int priority();

    /**
     * Tells whether this backend works on this machine and, if not, why.
     *
     * @return the availability, computed once and then cached
     */
    Availability availability();

    /**
     * Opens a poller for one event loop.
     *
     * @return a new poller
     * @throws IOException if the operating system refuses (for example, out of descriptors)
     * @throws IllegalStateException if the backend is not available
     */
    Poller openPoller() throws IOException;
}

package org.asynchat;

/**
 * Every system property (and environment variable) asynchat reads, in one place.
 */
public final class SystemProperties {

    /**
     * {@value}: the backend to use, by name ({@code nio}, {@code epoll}). Unset means the
     * available backend with the highest priority. Naming an unknown or unavailable backend
     * fails at start with the list of backends found and why each unavailable one is. Read on
     * every {@link Backends#select()} (so a test may change it); each name is resolved once per
     * class loader and the same backend is returned from then on. A named backend is matched by
     * name first: no other backend is asked whether it is available, so {@code nio} never loads
     * the epoll library.
     */
    public static final String BACKEND = "asynchat.backend";

    /** {@value}: the environment variable read when {@link #BACKEND} is not set. */
    public static final String BACKEND_ENV = "ASYNCHAT_BACKEND";

    private SystemProperties() {
    }
}

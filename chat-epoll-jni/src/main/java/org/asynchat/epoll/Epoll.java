package org.asynchat.epoll;

/**
 * Whether the epoll backend can run here: one cause, computed once when this class is first
 * used (loading the native library), as Netty's {@code Epoll} does.
 */
final class Epoll {

    /** Why the backend cannot run here, or null when it can. */
    private static final Throwable UNAVAILABILITY_CAUSE = probe();

    private Epoll() {
    }

    private static Throwable probe() {
        try {
            NativeLibrary.load();
            Native.close(Native.epollCreate()); // the kernel has epoll, and may be asked
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** True when the native library loaded and epoll works. */
    static boolean isAvailable() {
        return UNAVAILABILITY_CAUSE == null;
    }

    /** Why the backend cannot run here, or null when it can. */
    static Throwable unavailabilityCause() {
        return UNAVAILABILITY_CAUSE;
    }

    /** A one-line reason for users, with the cause's type when its message alone is unclear. */
    static String reason() {
        Throwable t = UNAVAILABILITY_CAUSE;
        if (t == null) {
            return "available";
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /**
     * Throws unless the backend can run here.
     *
     * @throws IllegalStateException saying why, with the original cause
     */
    static void ensureAvailability() {
        if (UNAVAILABILITY_CAUSE != null) {
            throw new IllegalStateException("the epoll backend is not available here: " + reason(),
                    UNAVAILABILITY_CAUSE);
        }
    }
}

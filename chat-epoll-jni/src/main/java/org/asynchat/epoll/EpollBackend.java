package org.asynchat.epoll;

import java.io.IOException;
import java.util.Map;

import org.asynchat.spi.Availability;
import org.asynchat.spi.Backend;
import org.asynchat.spi.Poller;

/**
 * The {@code epoll} backend: Linux epoll over JNI, preferred over {@code nio} where its native
 * library loads. Select it explicitly with {@code -Dasynchat.backend=epoll} or
 * {@code ASYNCHAT_BACKEND=epoll}; where it cannot run, {@link #availability()} says why and
 * discovery falls back to {@code nio}.
 */
public final class EpollBackend implements Backend {

    /** The name users select this backend by. */
    public static final String NAME = "epoll";
    /** Above the portable nio backend (10): preferred wherever it loads. */
    public static final int PRIORITY = 20;

    /**
     * Creates the backend; cheap, for {@link java.util.ServiceLoader}. The native library is
     * loaded on the first call of {@link #availability()} or {@link #openPoller()}.
     */
    public EpollBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability availability() {
        return Answer.AVAILABILITY;
    }

    /**
     * Where the library was looked for and found, the temporary folder and its mount, the ABI
     * version, the glibc the library needs and the one running, and native access: what
     * {@code doctor} shows under {@code epoll}. Loads the library first if nothing has yet.
     */
    @Override
    public Map<String, String> diagnostics() {
        return EpollDiagnostics.facts();
    }

    @Override
    public Poller openPoller() throws IOException {
        Epoll.ensureAvailability();
        return new EpollPoller();
    }

    @Override
    public String toString() {
        return "EpollBackend";
    }

    /** The availability, computed once, on first use. */
    private static final class Answer {
        static final Availability AVAILABILITY = Epoll.isAvailable() ? Availability.yes()
                : Availability.no(Epoll.reason());
    }
}

package org.asynchat;

import java.util.concurrent.atomic.AtomicInteger;

import org.asynchat.spi.Availability;
import org.asynchat.spi.Backend;
import org.asynchat.spi.Poller;

/**
 * A backend that counts how often it is constructed, that is how often {@link java.util.ServiceLoader}
 * ran. Not registered on the test class path (chat-core's tests have no backend there): a test
 * names it in a services file of a class loader of its own.
 */
public final class CountingBackend implements Backend {

    private static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    /** Counts the construction. */
    public CountingBackend() {
        CONSTRUCTED.incrementAndGet();
    }

    /**
     * Returns how often this class was constructed in its class loader.
     *
     * @return the count
     */
    public static int constructed() {
        return CONSTRUCTED.get();
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public Poller openPoller() {
        throw new UnsupportedOperationException("a backend for discovery tests only");
    }
}

package org.asynchat.nio;

import java.io.IOException;
import java.nio.channels.spi.SelectorProvider;
import java.util.Map;

import org.asynchat.spi.Availability;
import org.asynchat.spi.Backend;
import org.asynchat.spi.Poller;

/**
 * The {@code nio} backend: java.nio selectors, available wherever Java runs.
 */
public final class NioBackend implements Backend {

    /** The name users select this backend by. */
    public static final String NAME = "nio";
    /** Below native backends, which are preferred where they load. */
    public static final int PRIORITY = 10;

    /** Creates the backend; cheap, for {@link java.util.ServiceLoader}. */
    public NioBackend() {
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
        return Availability.yes();
    }

    /**
     * The JDK's selector implementation ({@code sun.nio.ch.EPollSelectorProvider} on Linux), which
     * {@code -Djava.nio.channels.spi.SelectorProvider} can replace.
     */
    @Override
    public Map<String, String> diagnostics() {
        return Map.of("selector-provider", SelectorProvider.provider().getClass().getName());
    }

    @Override
    public Poller openPoller() throws IOException {
        return new NioPoller();
    }

    @Override
    public String toString() {
        return "NioBackend";
    }
}

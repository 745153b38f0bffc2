package org.asynchat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.asynchat.BackendUnavailableException;
import org.asynchat.Backends;
import org.asynchat.EventLoop;
import org.asynchat.SystemProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The nio backend is found through META-INF/services and chosen by name or by default. */
class NioDiscoveryTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(SystemProperties.BACKEND);
    }

    @Test
    void discoveryFindsTheNioBackend() {
        assertTrue(Backends.discover().stream().anyMatch(c -> c.name().equals("nio") && c.availability().available()));
    }

    @Test
    void theSystemPropertyNamesTheBackend() {
        System.setProperty(SystemProperties.BACKEND, "nio");
        assertInstanceOf(NioBackend.class, Backends.select());
        try (EventLoop loop = new EventLoop()) {
            assertEquals("nio", loop.backend().name());
        }
    }

    @Test
    void anUnknownNameInThePropertyFailsWithTheListOfBackends() {
        System.setProperty(SystemProperties.BACKEND, "bogus");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, EventLoop::new);
        assertTrue(e.getMessage().contains("'bogus' (asked for by system property asynchat.backend) is not known"),
                e.getMessage());
        assertTrue(e.getMessage().contains("nio (priority 10, available)"), e.getMessage());
    }
}

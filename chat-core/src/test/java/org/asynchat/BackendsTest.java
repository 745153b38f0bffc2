package org.asynchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.asynchat.spi.Availability;
import org.asynchat.spi.Backend;
import org.asynchat.spi.Poller;
import org.junit.jupiter.api.Test;

/** Discovery's choices and, above all, its messages. */
class BackendsTest {

    private record Fake(String name, int priority, Availability availability) implements Backend {
        @Override
        public Poller openPoller() {
            throw new UnsupportedOperationException("a fake backend for discovery tests");
        }
    }

    private static Backends.Candidate candidate(Backend b) {
        return new Backends.Candidate(b.name(), b.priority(), b.availability(), b);
    }

    private static final Fake NIO = new Fake("nio", 10, Availability.yes());
    private static final Fake EPOLL_MISSING = new Fake("epoll", 20,
            Availability.no("the native library could not be loaded: no libasynchat-epoll in java.library.path"));
    private static final Fake FAST = new Fake("fast", 30, Availability.yes());

    @Test
    void noBackendOnTheClassPathSaysWhichArtifactToAdd() {
        // chat-core's own tests have no backend on their class path: the real discovery.
        assertEquals(List.of(), Backends.discover());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, Backends::select);
        assertEquals("no asynchat backend is on the class path or module path. Add the artifact"
                + " org.asynchat:chat-nio-selector (portable) or, on Linux, org.asynchat:chat-epoll-jni.", e.getMessage());
    }

    @Test
    void theHighestPriorityAvailableBackendWins() {
        List<Backends.Candidate> found = List.of(candidate(FAST), candidate(EPOLL_MISSING), candidate(NIO));
        assertSame(FAST, Backends.best(found));
        assertSame(NIO, Backends.best(List.of(candidate(EPOLL_MISSING), candidate(NIO))),
                "an unavailable backend is passed over");
    }

    @Test
    void anUnknownNameListsEveryBackendAndWhyEachUnavailableOneIs() {
        List<Backends.Candidate> found = List.of(candidate(EPOLL_MISSING), candidate(NIO));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.named("iouring", "system property asynchat.backend", found));
        assertEquals("asynchat backend 'iouring' (asked for by system property asynchat.backend) is not known."
                + " Backends found: epoll (priority 20, unavailable: the native library could not be loaded: no"
                + " libasynchat-epoll in java.library.path); nio (priority 10, available). Choose one of [nio] with"
                + " system property asynchat.backend, or leave it unset to use the best available one.", e.getMessage());
    }

    @Test
    void anUnavailableNameSaysWhy() {
        List<Backends.Candidate> found = List.of(candidate(EPOLL_MISSING), candidate(NIO));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.named("epoll", "--backend", found));
        assertTrue(e.getMessage().startsWith("asynchat backend 'epoll' (asked for by --backend) is not available"
                + " here: the native library could not be loaded"), e.getMessage());
        assertSame(NIO, Backends.named("NIO", "--backend", found), "names are not case-sensitive");
    }

    @Test
    void nothingAvailableSaysSo() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.best(List.of(candidate(EPOLL_MISSING))));
        assertTrue(e.getMessage().startsWith("no asynchat backend is available here. Backends found: epoll"),
                e.getMessage());
    }

    @Test
    void anEventLoopRefusesAnUnavailableBackend() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EventLoop(EPOLL_MISSING));
        assertTrue(e.getMessage().contains("backend 'epoll' is not available here"), e.getMessage());
    }
}

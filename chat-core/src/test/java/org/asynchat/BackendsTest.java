package org.asynchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.asynchat.spi.Availability;
import org.asynchat.spi.Backend;
import org.asynchat.spi.Poller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery's choices and, above all, its messages. */
class BackendsTest {

    private record Fake(String name, int priority, Availability availability) implements Backend {
        @Override
        public Poller openPoller() {
            throw new UnsupportedOperationException("a fake backend for discovery tests");
        }
    }

    private static Backends.Discovered candidate(Backend b) {
        return Backends.Discovered.of(b);
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
        List<Backends.Discovered> found = List.of(candidate(FAST), candidate(EPOLL_MISSING), candidate(NIO));
        assertSame(FAST, Backends.best(found));
        assertSame(NIO, Backends.best(List.of(candidate(EPOLL_MISSING), candidate(NIO))),
                "an unavailable backend is passed over");
    }

    @Test
    void anUnknownNameListsEveryBackendAndWhyEachUnavailableOneIs() {
        List<Backends.Discovered> found = List.of(candidate(EPOLL_MISSING), candidate(NIO));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.named("iouring", "system property asynchat.backend", found));
        assertEquals("asynchat backend 'iouring' (asked for by system property asynchat.backend) is not known."
                + " Backends found: epoll (priority 20, unavailable: the native library could not be loaded: no"
                + " libasynchat-epoll in java.library.path); nio (priority 10, available). Choose one of [nio] with"
                + " system property asynchat.backend, or leave it unset to use the best available one.", e.getMessage());
    }

    @Test
    void anUnavailableNameSaysWhy() {
        List<Backends.Discovered> found = List.of(candidate(EPOLL_MISSING), candidate(NIO));
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

    /** A fake that counts the calls of {@link #availability()}. */
    private static final class Asked implements Backend {
        private final String name;
        private final int priority;
        private final Availability answer;
        final AtomicInteger asked = new AtomicInteger();

        Asked(String name, int priority, Availability answer) {
            this.name = name;
            this.priority = priority;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Availability availability() {
            asked.incrementAndGet();
            return answer;
        }

        @Override
        public Poller openPoller() {
            throw new UnsupportedOperationException("a fake backend for discovery tests");
        }
    }

    @Test
    void aNamedBackendIsMatchedByNameAndNoOtherIsAskedWhetherItIsAvailable() {
        Asked epoll = new Asked("epoll", 20, Availability.yes());
        Asked nio = new Asked("nio", 10, Availability.yes());
        assertSame(nio, Backends.named("nio", "--backend", List.of(candidate(epoll), candidate(nio))));
        assertEquals(0, epoll.asked.get(), "epoll was not asked for, so it must not load its library");
        assertEquals(1, nio.asked.get());
    }

    @Test
    void theBestIsFoundWithoutAskingTheBackendsBelowIt() {
        Asked fast = new Asked("fast", 30, Availability.yes());
        Asked nio = new Asked("nio", 10, Availability.yes());
        assertSame(fast, Backends.best(List.of(candidate(fast), candidate(nio))));
        assertEquals(0, nio.asked.get(), "a backend below the chosen one is never asked");
    }

    /**
     * chat-core's classes loaded a second time, child first, with a services file naming
     * {@link CountingBackend}: what a second application (or web app) with its own copy sees.
     */
    private static final class ChatCoreCopy extends URLClassLoader {
        ChatCoreCopy(Path services) throws Exception {
            super(new URL[] {services.toUri().toURL(),
                    Backends.class.getProtectionDomain().getCodeSource().getLocation(),
                    CountingBackend.class.getProtectionDomain().getCodeSource().getLocation()},
                    BackendsTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.asynchat.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }

    @Test
    void discoveryRunsOncePerClassLoaderAndEachNameIsResolvedOnce(@TempDir Path tmp) throws Exception {
        Path services = Files.createDirectories(tmp.resolve("META-INF/services"));
        Files.writeString(services.resolve(Backend.class.getName()), CountingBackend.class.getName() + "\n");
        Object previousCopysChoice = null;
        for (int copy = 1; copy <= 2; copy++) {
            try (ChatCoreCopy loader = new ChatCoreCopy(tmp)) {
                Class<?> backends = loader.loadClass(Backends.class.getName());
                Object best = backends.getMethod("select").invoke(null);
                assertSame(best, backends.getMethod("select").invoke(null), "one choice, kept");
                assertSame(best, backends.getMethod("named", String.class).invoke(null, "counting"));
                System.setProperty(SystemProperties.BACKEND, "COUNTING");
                try {
                    assertSame(best, backends.getMethod("select").invoke(null), "the property is read each time");
                } finally {
                    System.clearProperty(SystemProperties.BACKEND);
                }
                assertEquals(1, ((List<?>) backends.getMethod("discover").invoke(null)).size());
                int constructed = (int) loader.loadClass(CountingBackend.class.getName()).getMethod("constructed")
                        .invoke(null);
                assertEquals(1, constructed, "ServiceLoader ran once in copy " + copy + " of chat-core,"
                        + " for four choices and a listing");
                assertNotSame(previousCopysChoice, best, "each class loader discovers for itself");
                previousCopysChoice = best;
            }
        }
    }
}

package org.asynchat.examples;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Stream;

import org.asynchat.Backends;
import org.asynchat.spi.Backend;

/** The backends this machine can run, for tests parameterised over them. */
public final class AvailableBackends {

    private AvailableBackends() {
    }

    /**
     * Lists every available backend; prints those skipped and why.
     *
     * @return the backends
     */
    public static Stream<Backend> all() {
        List<Backends.Candidate> found = Backends.discover();
        for (Backends.Candidate c : found) {
            if (!c.availability().available()) {
                System.out.println("SKIPPED backend " + c);
            }
        }
        return found.stream().filter(c -> c.availability().available()).map(Backends.Candidate::backend);
    }

    /**
     * Skips the calling test, saying why, where the epoll backend cannot load in this JVM (not
     * Linux x86-64 or aarch64, or built without gcc; chat-epoll-jni's own tests fail instead in
     * that case on Linux with gcc).
     */
    public static void requireEpoll() {
        Backends.Candidate epoll = Backends.discover().stream().filter(c -> c.name().equals("epoll")).findFirst()
                .orElseThrow(() -> new AssertionError("chat-epoll-jni is a dependency of the examples"));
        if (!epoll.availability().available()) {
            System.out.println("SKIPPED: epoll is unavailable here: " + epoll.availability().reason());
        }
        assumeTrue(epoll.availability().available(), epoll.availability().reason());
    }
}

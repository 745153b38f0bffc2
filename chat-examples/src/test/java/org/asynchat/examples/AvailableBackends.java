package org.asynchat.examples;

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
}

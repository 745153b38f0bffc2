package org.asynchat.bench.memory;

import java.util.ArrayList;
import java.util.List;

import org.asynchat.spi.Availability;
import org.asynchat.spi.Backend;
import org.asynchat.spi.Poller;

/**
 * A backend without sockets, for benchmarking everything above the system calls: the real
 * {@code EventLoop}, {@code AsyncChat} and framer, driven by {@link MemorySocket}s that read
 * from a byte array and write into nothing. Not registered for discovery; benchmarks pass it
 * to {@code new EventLoop(backend)}.
 */
public final class MemoryBackend implements Backend {

    private final List<MemorySocket> sockets = new ArrayList<>();
    private final MemorySocket.Source source;

    /**
     * Creates a backend whose sockets connect at once and read from {@code source}.
     *
     * @param source what each socket's reads return
     */
    public MemoryBackend(MemorySocket.Source source) {
        this.source = source;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public Poller openPoller() {
        return new MemoryPoller(this);
    }

    MemorySocket newSocket(MemoryPoller poller) {
        MemorySocket s = new MemorySocket(poller, source);
        sockets.add(s);
        return s;
    }

    /**
     * Returns the sockets opened so far.
     *
     * @return the sockets, in opening order
     */
    public List<MemorySocket> sockets() {
        return sockets;
    }
}

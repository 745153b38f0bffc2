package org.asynchat.bench.memory;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.util.ArrayList;
import java.util.List;

import org.asynchat.spi.Handle;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.Poller;
import org.asynchat.spi.ReadyHandler;
import org.asynchat.spi.SocketHandle;

/**
 * Reports every registered socket ready for whatever it is interested in, on every poll:
 * a memory socket can always be read (it has endless data) and always written (into
 * nothing). Never waits.
 */
final class MemoryPoller implements Poller {

    private final MemoryBackend backend;
    private final List<MemorySocket> registered = new ArrayList<>();

    MemoryPoller(MemoryBackend backend) {
        this.backend = backend;
    }

    @Override
    public ListenerHandle openListener(ProtocolFamily family) throws IOException {
        throw new UnsupportedOperationException("the memory backend has client sockets only");
    }

    @Override
    public SocketHandle openSocket(ProtocolFamily family) {
        return backend.newSocket(this);
    }

    @Override
    public void register(Handle handle, int interest, Object attachment) {
        MemorySocket s = (MemorySocket) handle;
        s.attachment = attachment;
        s.interest = interest;
        if (!registered.contains(s)) {
            registered.add(s);
        }
    }

    void deregister(MemorySocket s) {
        registered.remove(s);
    }

    @Override
    public int poll(long timeoutNanos, ReadyHandler handler) {
        int n = 0;
        for (int i = 0; i < registered.size(); i++) {
            MemorySocket s = registered.get(i);
            int ops = s.interest & (READ | WRITE);
            if (ops != 0) {
                handler.ready(s.attachment, ops);
                n++;
            }
        }
        return n;
    }

    @Override
    public void wakeup() {
        // Never waits, so nothing to wake.
    }

    @Override
    public void close() {
        registered.clear();
    }
}

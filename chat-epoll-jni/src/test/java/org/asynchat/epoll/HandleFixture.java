package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.util.ArrayDeque;
import java.util.Deque;

import org.asynchat.spi.Poller;
import org.asynchat.spi.ReadyHandler;
import org.asynchat.spi.SocketHandle;

/**
 * A poller of the epoll backend driven directly by a test, without an event loop, and JDK
 * sockets as peers. Everything opened is closed by {@link #close()}.
 */
final class HandleFixture implements AutoCloseable {

    final EpollPoller poller;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    HandleFixture() throws IOException {
        NativeTestSupport.requireNative();
        poller = (EpollPoller) new EpollBackend().openPoller();
    }

    <T extends AutoCloseable> T track(T resource) {
        opened.push(resource);
        return resource;
    }

    /** A JDK server socket on 127.0.0.1. */
    ServerSocket jdkServer() throws IOException {
        return track(new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1")));
    }

    /** An epoll socket connected to a JDK server, and the JDK's side of it. */
    Pair connectedPair() throws IOException {
        ServerSocket server = jdkServer();
        SocketHandle ours = track(poller.openSocket(StandardProtocolFamily.INET));
        ours.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()));
        Socket theirs = track(server.accept());
        poller.register(ours, Poller.WRITE, "ours");
        awaitReady("ours", Poller.WRITE);
        assertTrue(ours.finishConnect(), "connected");
        ours.interest(0);
        return new Pair(ours, theirs);
    }

    record Pair(SocketHandle ours, Socket theirs) {
    }

    /** Polls until the attachment is reported with the given readiness (at most 10 s). */
    void awaitReady(Object attachment, int ops) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        boolean[] seen = {false};
        ReadyHandler handler = (a, ready) -> {
            if (a.equals(attachment) && (ready & ops) == ops) {
                seen[0] = true;
            }
        };
        while (!seen[0]) {
            assertTrue(System.nanoTime() < deadline, attachment + " became ready for " + ops + " within 10 s");
            poller.poll(100_000_000L, handler);
        }
    }

    @Override
    public void close() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
        poller.close();
    }
}

package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.asynchat.AcceptedConnection;
import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No file descriptor is lost: the process has as many open descriptors after 10,000
 * connect/accept/close cycles (and 1,000 refused connects) on the epoll backend as before.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FdLeakTest {

    private static final int CYCLES = 10_000;
    private static final int REFUSED = 1_000;
    /** Connections in flight at once. */
    private static final int BATCH = 100;

    /** The server side: reads until the client closes, then closes and counts. */
    static final class Sink extends Dispatcher {
        private final CountDownLatch closed;

        Sink(AcceptedConnection c, CountDownLatch closed) {
            super(c);
            this.closed = closed;
        }

        @Override
        protected void handleRead() {
            try {
                recv(ByteBuffer.allocate(64));
            } catch (IOException e) {
                handleError(e);
            }
        }

        @Override
        protected void handleClose() {
            close();
            closed.countDown();
        }
    }

    /** The client side: closes as soon as connected, or counts the refusal. */
    static final class Client extends Dispatcher {
        private final CountDownLatch done;
        private final AtomicInteger refused;

        Client(EventLoop loop, CountDownLatch done, AtomicInteger refused) {
            super(loop);
            this.done = done;
            this.refused = refused;
        }

        @Override
        protected void handleConnect() {
            close();
            done.countDown();
        }

        @Override
        protected void handleError(Throwable error) {
            if (error instanceof java.net.ConnectException) {
                refused.incrementAndGet();
            }
            close();
            done.countDown();
        }
    }

    @Test
    void tenThousandConnectCloseCyclesLeaveNoDescriptorBehind() throws Exception {
        EventLoop loop = new EventLoop(NativeTestSupport.epoll());
        try {
            CountDownLatch[] serverClosed = {null};
            Dispatcher server = new Dispatcher(loop) {
                @Override
                protected void handleAccepted(AcceptedConnection connection) {
                    new Sink(connection, serverClosed[0]);
                }
            };
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            server.listen(BATCH * 2);
            InetSocketAddress address = server.localAddress();
            int closedPort = unusedPort();
            loop.start();

            // One batch first, so that everything created once per process (classes, pools) exists.
            runBatch(loop, address, serverClosed, BATCH);
            int before = NativeTestSupport.openFds();

            for (int done = 0; done < CYCLES; done += BATCH) {
                runBatch(loop, address, serverClosed, BATCH);
            }
            AtomicInteger refused = new AtomicInteger();
            for (int done = 0; done < REFUSED; done += BATCH) {
                CountDownLatch finished = new CountDownLatch(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    loop.execute(() -> connect(new Client(loop, finished, refused), new InetSocketAddress("127.0.0.1",
                            closedPort)));
                }
                assertTrue(finished.await(30, TimeUnit.SECONDS), "refused connects finish");
            }
            int after = NativeTestSupport.openFds();

            System.out.println("fd leak: " + before + " open descriptors before, " + after + " after " + CYCLES
                    + " connect/close cycles and " + REFUSED + " refused connects (" + refused.get() + " refused)");
            assertEquals(REFUSED, refused.get(), "every connect to the closed port is refused");
            assertEquals(before, after, "open descriptors before and after");
            assertEquals(1, loop.submit(loop::channelCount).get(10, TimeUnit.SECONDS), "only the listener is left");
        } finally {
            loop.close();
        }
    }

    private static void runBatch(EventLoop loop, InetSocketAddress address, CountDownLatch[] serverClosed, int n)
            throws InterruptedException {
        CountDownLatch clientsDone = new CountDownLatch(n);
        serverClosed[0] = new CountDownLatch(n);
        CountDownLatch closedThisBatch = serverClosed[0];
        AtomicInteger unused = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            loop.execute(() -> connect(new Client(loop, clientsDone, unused), address));
        }
        assertTrue(clientsDone.await(30, TimeUnit.SECONDS), "clients connect and close");
        assertTrue(closedThisBatch.await(30, TimeUnit.SECONDS), "the server closes its side of each connection");
    }

    private static void connect(Client client, InetSocketAddress address) {
        try {
            client.connect(address);
        } catch (IOException e) {
            client.handleError(e);
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

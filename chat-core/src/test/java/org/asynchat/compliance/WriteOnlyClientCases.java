package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.asynchat.AsyncChat;
import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * Clients that want to write but not to read while their connect completes: write events must
 * follow the connect (the interest did not change, but what it means did).
 */
public abstract class WriteOnlyClientCases extends ComplianceBase {

    /**
     * asyncore's {@code dispatcher_with_send} as a sender that never reads: it writes while
     * its buffer has bytes, then closes.
     */
    static final class SendOnly extends Dispatcher {
        private final ByteBuffer out;

        SendOnly(EventLoop loop, byte[] data) {
            super(loop);
            this.out = ByteBuffer.wrap(data);
        }

        @Override
        public boolean readable() {
            return false;
        }

        @Override
        public boolean writable() {
            return !isConnected() || out.hasRemaining();
        }

        @Override
        protected void handleWrite() {
            try {
                send(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!out.hasRemaining()) {
                close();
            }
        }
    }

    /** An {@code AsyncChat} client that only pushes: its {@code readable()} is false. */
    static final class PushOnly extends AsyncChat {
        PushOnly(EventLoop loop) {
            super(loop);
        }

        @Override
        public boolean readable() {
            return false;
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            throw new AssertionError("PushOnly never reads");
        }

        @Override
        public void foundTerminator() {
            throw new AssertionError("PushOnly never reads");
        }
    }

    /** A plain JDK listener that takes one connection and reads it to end of stream, on its own thread. */
    private CompletableFuture<byte[]> receiveOne(ServerSocket listener) {
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(30_000);
                received.complete(s.getInputStream().readAllBytes());
            } catch (IOException | RuntimeException e) {
                received.completeExceptionally(e);
            }
        }, "write-only-client-peer");
        reader.setDaemon(true);
        reader.start();
        return received;
    }

    private ServerSocket peerListener() throws IOException {
        return closeLater(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** CPython's {@code DispatcherWithSendTests.test_send}, with a sender that does not read. */
    @Test
    void aSendOnlyDispatcherSendsEverythingAfterItsConnect() throws Exception {
        ServerSocket listener = peerListener();
        CompletableFuture<byte[]> received = receiveOne(listener);
        EventLoop loop = newLoop();
        byte[] data = random(1024 * 1024);
        SendOnly sender = new SendOnly(loop, data);
        sender.connect(new InetSocketAddress(HOST, listener.getLocalPort()));
        runUntil(loop, received::isDone, Duration.ofSeconds(20));
        assertArrayEquals(data, received.get(1, TimeUnit.SECONDS), "every byte, then end of stream");
    }

    @Test
    void anAsyncChatClientThatDoesNotReadPushes8MiB() throws Exception {
        ServerSocket listener = peerListener();
        CompletableFuture<byte[]> received = receiveOne(listener);
        EventLoop loop = newLoop();
        byte[] data = random(8 * 1024 * 1024);
        PushOnly client = new PushOnly(loop);
        client.connect(new InetSocketAddress(HOST, listener.getLocalPort()));
        client.push(data); // queued while connecting
        client.closeWhenDone();
        runUntil(loop, received::isDone, Duration.ofSeconds(30));
        byte[] got = received.get(1, TimeUnit.SECONDS);
        assertArrayEquals(data, got, "all 8 MiB, then end of stream (got " + got.length + " bytes)");
    }
}

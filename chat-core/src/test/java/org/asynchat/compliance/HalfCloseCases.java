package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.asynchat.AcceptedConnection;
import org.junit.jupiter.api.Test;

/**
 * A peer that half-closes (sends its requests, shuts down its sending side, then reads the
 * answers: {@code nc -N}, HTTP/1.0-style clients, {@code redis-cli} in a pipe) gets every byte
 * queued for it, then end of stream, however slowly it reads; and what bounds such a peer when
 * it resets or never reads.
 */
public abstract class HalfCloseCases extends ComplianceBase {

    /** The stream the peer sends: 8 MiB of numbered 128-byte lines, far more than socket buffers hold. */
    private static final int STREAM_BYTES = 8 * 1024 * 1024;
    /** The peer's receive buffer, set before connecting so that the kernel cannot absorb the answer. */
    private static final int PEER_RECEIVE_BUFFER = 64 * 1024;

    /** A line echo that records the half-close, its close and its errors. */
    static class Watched extends LineEcho {
        /** Bytes queued when the peer's end of stream arrived; -1 before. */
        final AtomicLong queuedAtPeerShutdown = new AtomicLong(-1);
        final AtomicInteger closes = new AtomicInteger();
        final AtomicInteger idleTimeouts = new AtomicInteger();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        /** An idle timeout to set at the half-close, or null (set then, so that a slow test machine cannot fire it early). */
        Duration idleTimeoutAtPeerShutdown;

        Watched(AcceptedConnection c) {
            super(c);
        }

        @Override
        protected void handlePeerShutdown() {
            queuedAtPeerShutdown.set(queuedOutputBytes());
            if (idleTimeoutAtPeerShutdown != null) {
                setIdleTimeout(idleTimeoutAtPeerShutdown);
            }
            super.handlePeerShutdown(); // the default under test
        }

        @Override
        protected void handleClose() {
            closes.incrementAndGet();
            super.handleClose();
        }

        @Override
        protected void handleIdleTimeout() {
            idleTimeouts.incrementAndGet();
            super.handleIdleTimeout();
        }

        @Override
        protected void handleError(Throwable error) {
            errors.add(error);
            super.handleError(error);
        }
    }

    /** 8 MiB of 128-byte lines, each numbered, so that a lost or reordered line shows where. */
    static byte[] numberedLines(int total) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        for (int i = 0; out.size() < total; i++) {
            String number = String.format("%08d ", i);
            char fill = (char) ('a' + i % 26);
            out.writeBytes((number + String.valueOf(fill).repeat(128 - number.length() - 1) + "\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    private Socket slowPeer(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(PEER_RECEIVE_BUFFER);
        s.connect(new InetSocketAddress(HOST, port), 10_000);
        s.setSoTimeout(20_000);
        return closeLater(s);
    }

    /** Reads to end of stream in small pieces with pauses: a reader slower than the server. */
    private static byte[] readSlowly(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream(STREAM_BYTES);
        byte[] piece = new byte[16 * 1024];
        int n;
        while ((n = in.read(piece)) > 0) {
            got.write(piece, 0, n);
            if (got.size() % (256 * 1024) < n) {
                sleep(2);
            }
        }
        return got.toByteArray();
    }

    @Test
    void aSlowReaderThatHalfClosesGetsEveryByteThenEndOfStream() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Watched> channel = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Watched w = new Watched(c);
            channel.set(w);
            return w;
        }));
        byte[] sent = numberedLines(STREAM_BYTES);
        Socket peer = slowPeer(server.port());
        peer.getOutputStream().write(sent); // the server reads it all and queues the echo
        peer.shutdownOutput();
        await("the server saw the half-close", () -> channel.get() != null
                && channel.get().queuedAtPeerShutdown.get() >= 0);
        long queued = channel.get().queuedAtPeerShutdown.get();
        System.out.println("ROBUSTNESS " + backendName() + " half-close: " + queued
                + " bytes still queued when the peer's end of stream arrived");
        assertTrue(queued > 0, "the case needs output still queued at the half-close, but all of it was"
                + " already in the kernel's buffers");

        byte[] got = readSlowly(peer.getInputStream());
        assertEquals(sent.length, got.length, "every byte echoed, then end of stream (got " + got.length
                + " of " + sent.length + ")");
        assertArrayEquals(sent, got, "byte for byte");
        await("the channel closed after its last byte", () -> channel.get().closes.get() == 1);
        assertEquals(List.of(), channel.get().errors);
    }

    @Test
    void aPeerThatResetsWhileItsAnswerDrainsIsClosedAndTheLoopGoesOn() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Watched> channel = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Watched w = new Watched(c);
            channel.compareAndSet(null, w);
            return w;
        }));
        Socket peer = slowPeer(server.port());
        peer.getOutputStream().write(numberedLines(STREAM_BYTES));
        peer.shutdownOutput();
        await("the server saw the half-close", () -> channel.get() != null
                && channel.get().queuedAtPeerShutdown.get() >= 0);
        assertTrue(channel.get().queuedAtPeerShutdown.get() > 0, "output still queued at the half-close");
        readExactly(peer.getInputStream(), 256 * 1024);
        peer.setSoLinger(true, 0);
        peer.close(); // a reset, with most of the answer still queued

        await("the channel closed", () -> channel.get().closes.get() == 1);
        assertEquals(List.of(), channel.get().errors, "a reset is a close, not an error");
        assertEquals(1, onLoop(t, t.loop::channelCount), "only the listener is left: nothing pinned");
        Socket next = connect(server.port());
        next.getOutputStream().write(bytes("still serving\n"));
        assertEquals("still serving", readLine(next.getInputStream()));
    }

    @Test
    void aHalfClosedPeerThatNeverReadsIsClosedByTheIdleTimeout() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Watched> channel = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Watched w = new Watched(c);
            try {
                w.setOption(StandardSocketOptions.SO_SNDBUF, 32 * 1024); // keep the answer in our queue
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            w.idleTimeoutAtPeerShutdown = Duration.ofMillis(300);
            channel.set(w);
            return w;
        }));
        Socket peer = slowPeer(server.port());
        peer.getOutputStream().write(numberedLines(2 * 1024 * 1024));
        peer.shutdownOutput();
        await("the server saw the half-close", () -> channel.get() != null
                && channel.get().queuedAtPeerShutdown.get() >= 0);
        assertTrue(channel.get().queuedAtPeerShutdown.get() > 0, "output still queued at the half-close");
        // The peer never reads: no write progress, so the idle timeout ends the drain.
        await("the idle timeout closed the channel", () -> ask(t, () -> !channel.get().isOpen()));
        assertEquals(1, channel.get().idleTimeouts.get());
        assertEquals(1, onLoop(t, t.loop::channelCount), "only the listener is left");
    }

    @Test
    void aHalfCloseWithNothingQueuedClosesAtOnce() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Watched> channel = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Watched w = new Watched(c);
            channel.set(w);
            return w;
        }));
        Socket peer = connect(server.port());
        peer.getOutputStream().write(bytes("one\ntwo without newline"));
        peer.shutdownOutput();
        InputStream in = peer.getInputStream();
        assertEquals("one", readLine(in));
        assertEquals(-1, in.read(), "end of stream once the answer is sent");
        await("handleClose", () -> channel.get().closes.get() == 1);
    }

    /** Asks the loop from a condition that cannot throw. */
    private static <T> T ask(LoopThread t, java.util.concurrent.Callable<T> task) {
        try {
            return t.call(task);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String backendName() {
        return backend().name();
    }
}

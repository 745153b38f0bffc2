package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.asynchat.AcceptedConnection;
import org.asynchat.Producer;
import org.asynchat.Producers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output: push, producers, files, closeWhenDone and discardBuffers. */
public abstract class OutputCases extends ComplianceBase {

    @TempDir
    Path tmp;

    /** A channel that runs a script on the first line it receives. */
    static final class OnRequest extends LineEcho {
        private final java.util.function.Consumer<OnRequest> script;
        final AtomicInteger closes = new AtomicInteger();

        OnRequest(AcceptedConnection c, java.util.function.Consumer<OnRequest> script) {
            super(c);
            this.script = script;
        }

        @Override
        protected void onLine(byte[] line) {
            script.accept(this);
        }

        @Override
        protected void handleClose() {
            closes.incrementAndGet();
            super.handleClose();
        }
    }

    private byte[] request(java.util.function.Consumer<OnRequest> script) throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, c -> new OnRequest(c, script)));
        var client = connect(server.port());
        client.getOutputStream().write(bytes("go\n"));
        return readToEnd(client.getInputStream());
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void tenMegabytePushArrivesIntact() throws Exception {
        byte[] data = random(10 * 1024 * 1024, 1);
        byte[] got = request(ch -> {
            ch.push(data);
            ch.closeWhenDone();
        });
        assertEquals(data.length, got.length);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                MessageDigest.getInstance("SHA-256").digest(got));
    }

    @Test
    void manySmallPushesArriveInOrder() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++) {
            expected.writeBytes(bytes(i + ","));
        }
        byte[] got = request(ch -> {
            for (int i = 0; i < 20_000; i++) {
                ch.push(bytes(i + ","));
            }
            ch.closeWhenDone();
        });
        assertArrayEquals(expected.toByteArray(), got);
    }

    @Test
    void closeWhenDoneSendsEverythingQueuedBeforeItThenCloses() throws Exception {
        AtomicReference<OnRequest> channel = new AtomicReference<>();
        byte[] data = random(300_000, 2);
        byte[] got = request(ch -> {
            channel.set(ch);
            ch.push(data);
            ch.closeWhenDone();
            ch.push(bytes("never sent: pushed after closeWhenDone"));
        });
        assertArrayEquals(data, got);
        await("handleClose ran once", () -> channel.get().closes.get() == 1);
    }

    @Test
    void discardBuffersDropsQueuedOutput() throws Exception {
        byte[] got = request(ch -> {
            ch.push(bytes("dropped\n"));
            ch.pushWithProducer(Producers.of(bytes("dropped too\n")));
            ch.discardBuffers();
            ch.push(bytes("kept\n"));
            ch.closeWhenDone();
        });
        assertEquals("kept\n", new String(got));
    }

    @Test
    void aFileProducerSendsTheWholeFileBetweenPushes() throws Exception {
        byte[] content = random(3 * 1024 * 1024 + 17, 3);
        Path file = Files.write(tmp.resolve("payload.bin"), content);
        byte[] got = request(ch -> {
            ch.push(bytes("HEADER\n"));
            ch.pushWithProducer(Producers.file(file));
            ch.push(bytes("TRAILER\n"));
            ch.closeWhenDone();
        });
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(bytes("HEADER\n"));
        expected.writeBytes(content);
        expected.writeBytes(bytes("TRAILER\n"));
        assertArrayEquals(expected.toByteArray(), got);
    }

    @Test
    void aProducerIsPulledOnlyAsTheSocketDrainsAndClosedWhenDone() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        int pieces = 2000;
        final class Counting implements Producer, AutoCloseable {
            private final ByteBuffer piece = ByteBuffer.allocate(1000);

            @Override
            public ByteBuffer more() {
                int n = calls.incrementAndGet();
                if (n > pieces) {
                    return null;
                }
                piece.clear();
                while (piece.hasRemaining()) {
                    piece.put((byte) ('a' + n % 26)); // the same buffer, refilled each call
                }
                return piece.flip();
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }
        byte[] got = request(ch -> {
            ch.pushWithProducer(new Counting());
            ch.closeWhenDone();
        });
        assertEquals(pieces * 1000, got.length);
        for (int n = 1; n <= pieces; n++) {
            assertEquals((byte) ('a' + n % 26), got[(n - 1) * 1000], "piece " + n + " intact");
            assertEquals((byte) ('a' + n % 26), got[n * 1000 - 1], "piece " + n + " intact");
        }
        assertEquals(pieces + 1, calls.get(), "more() is called until exhausted, once more, then never");
        assertEquals(1, closed.get(), "an AutoCloseable producer is closed when exhausted");
    }

    @Test
    void simpleProducerSlicesAndTheDefaultSliceIs512() throws Exception {
        byte[] data = random(5000, 4);
        Producer p = Producers.simple(data);
        int slices = 0;
        ByteBuffer b;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while ((b = p.more()) != null && b.hasRemaining()) {
            assertTrue(b.remaining() <= Producers.DEFAULT_SIMPLE_BUFFER_SIZE);
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            all.writeBytes(chunk);
            slices++;
        }
        assertEquals(10, slices);
        assertArrayEquals(data, all.toByteArray());
        assertArrayEquals(data, request(ch -> {
            ch.pushWithProducer(Producers.simple(data, 7));
            ch.closeWhenDone();
        }));
    }

    @Test
    void outputSplitIntoChunksOfTheOutBufferSizeArrivesWhole() throws Exception {
        byte[] data = random(100_000, 5);
        assertArrayEquals(data, request(ch -> {
            ch.setOutBufferSize(10);
            ch.push(data);
            ch.closeWhenDone();
        }));
    }
}

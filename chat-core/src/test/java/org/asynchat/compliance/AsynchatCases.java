package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.asynchat.AsyncChat;
import org.asynchat.EventLoop;
import org.asynchat.Producers;
import org.asynchat.Terminator;
import org.asynchat.framing.DelimiterScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CPython 3.11's {@code test_asynchat.py}, translated case by case: an {@link AsyncChat}
 * client talks to the same blocking echo server, which collects everything up to
 * {@code QUIT\n} one byte at a time and sends it back {@code chunkSize} bytes per send.
 */
public abstract class AsynchatCases extends ComplianceBase {

    private static final byte[] SERVER_QUIT = bytes("QUIT\n");

    /** test_asynchat's echo_server: a plain blocking thread, as in CPython. */
    static final class EchoServer extends Thread implements AutoCloseable {
        final ServerSocket socket;
        final int chunkSize;
        volatile byte[] buffer = new byte[0];
        /** If set, the server waits for it before echoing (test_close_when_done). */
        CountDownLatch startResend;

        EchoServer(int chunkSize) throws IOException {
            super("test_asynchat-echo_server");
            this.chunkSize = chunkSize;
            this.socket = new ServerSocket();
            socket.bind(new InetSocketAddress(HOST, 0));
            setDaemon(true);
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void run() {
            try (Socket conn = socket.accept()) {
                conn.setSoTimeout(20_000);
                InputStream in = conn.getInputStream();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                // collect data until quit message is seen
                while (!contains(got.toByteArray(), SERVER_QUIT)) {
                    int c = in.read();
                    if (c < 0) {
                        break;
                    }
                    got.write(c);
                }
                byte[] data = remove(got.toByteArray(), SERVER_QUIT);
                buffer = data;
                if (startResend != null) {
                    startResend.await(20, TimeUnit.SECONDS);
                }
                // re-send entire set of collected data; may fail once the client has closed
                try {
                    OutputStream out = conn.getOutputStream();
                    for (int i = 0; i < data.length; i += chunkSize) {
                        out.write(data, i, Math.min(chunkSize, data.length - i));
                        out.flush();
                        Thread.sleep(1);
                    }
                } catch (IOException ignored) {
                    // the client closed first (test_close_when_done)
                }
            } catch (IOException | InterruptedException e) {
                // the test fails on its own assertions
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            join(10_000);
        }

        private static boolean contains(byte[] hay, byte[] needle) {
            return indexOf(hay, needle) >= 0;
        }

        private static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private static byte[] remove(byte[] data, byte[] needle) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int i = 0;
            int at;
            while ((at = indexOf(java.util.Arrays.copyOfRange(data, i, data.length), needle)) >= 0) {
                out.write(data, i, at);
                i += at + needle.length;
            }
            out.write(data, i, data.length - i);
            return out.toByteArray();
        }
    }

    /** test_asynchat's echo_client. */
    static final class EchoClient extends AsyncChat {
        final List<String> contents = new ArrayList<>();
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        EchoClient(EventLoop loop, Terminator terminator, int serverPort) throws IOException {
            super(loop);
            connect(new InetSocketAddress(HOST, serverPort));
            setTerminator(terminator);
        }

        @Override
        protected void handleConnect() {
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            buffer.writeBytes(b);
        }

        @Override
        public void foundTerminator() {
            contents.add(buffer.toString(StandardCharsets.ISO_8859_1));
            buffer.reset();
        }
    }

    private EchoServer startEchoServer(int chunkSize) throws IOException {
        EchoServer s = closeLater(new EchoServer(chunkSize));
        s.start();
        return s;
    }

    /** asyncore.loop(count=300, timeout=.01), then join the server thread. */
    private static void loopUntilServerDone(EventLoop loop, EchoServer s) throws InterruptedException {
        runUntil(loop, () -> loop.channelCount() == 0, Duration.ofSeconds(30));
        s.join(10_000);
    }

    static Stream<Arguments> lineTerminators() {
        List<Arguments> cases = new ArrayList<>();
        for (String term : new String[] {"\n", "\r\n", "qqq"}) {
            for (int chunk : new int[] {1, 2, 3}) {
                cases.add(Arguments.of(term, chunk));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "terminator {0} with {1}-byte sends")
    @MethodSource("lineTerminators")
    void lineTerminator(String term, int serverChunk) throws Exception {
        EventLoop loop = newLoop();
        EchoServer s = startEchoServer(serverChunk);
        EchoClient c = new EchoClient(loop, Terminator.of(term), s.port());
        c.push(bytes("hello "));
        c.push(bytes("world" + term));
        c.push(bytes("I'm not dead yet!" + term));
        c.push(SERVER_QUIT);
        loopUntilServerDone(loop, s);
        assertEquals(List.of("hello world", "I'm not dead yet!"), c.contents);
    }

    @ParameterizedTest(name = "count {0}")
    @ValueSource(ints = {1, 6})
    void numericTerminator(int termlen) throws Exception {
        EventLoop loop = newLoop();
        EchoServer s = startEchoServer(1);
        EchoClient c = new EchoClient(loop, Terminator.count(termlen), s.port());
        String data = "hello world, I'm not dead yet!\n";
        c.push(bytes(data));
        c.push(SERVER_QUIT);
        loopUntilServerDone(loop, s);
        assertEquals(List.of(data.substring(0, termlen)), c.contents);
    }

    @Test
    void noneTerminator() throws Exception {
        EventLoop loop = newLoop();
        EchoServer s = startEchoServer(1);
        EchoClient c = new EchoClient(loop, Terminator.none(), s.port());
        String data = "hello world, I'm not dead yet!\n";
        c.push(bytes(data));
        c.push(SERVER_QUIT);
        loopUntilServerDone(loop, s);
        assertEquals(List.of(), c.contents);
        assertEquals(data, c.buffer.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void simpleProducer() throws Exception {
        EventLoop loop = newLoop();
        EchoServer s = startEchoServer(1);
        EchoClient c = new EchoClient(loop, Terminator.of("\n"), s.port());
        byte[] data = bytes("hello world\nI'm not dead yet!\nQUIT\n");
        c.pushWithProducer(Producers.simple(data, 8));
        loopUntilServerDone(loop, s);
        assertEquals(List.of("hello world", "I'm not dead yet!"), c.contents);
    }

    @Test
    void bytesProducer() throws Exception {
        EventLoop loop = newLoop();
        EchoServer s = startEchoServer(1);
        EchoClient c = new EchoClient(loop, Terminator.of("\n"), s.port());
        c.pushWithProducer(Producers.of(bytes("hello world\nI'm not dead yet!\nQUIT\n")));
        loopUntilServerDone(loop, s);
        assertEquals(List.of("hello world", "I'm not dead yet!"), c.contents);
    }

    @Test
    void emptyLine() throws Exception {
        EventLoop loop = newLoop();
        EchoServer s = startEchoServer(1);
        EchoClient c = new EchoClient(loop, Terminator.of("\n"), s.port());
        c.push(bytes("hello world\n\nI'm not dead yet!\n"));
        c.push(SERVER_QUIT);
        loopUntilServerDone(loop, s);
        assertEquals(List.of("hello world", "", "I'm not dead yet!"), c.contents);
    }

    @Test
    void closeWhenDone() throws Exception {
        EventLoop loop = newLoop();
        EchoServer s = closeLater(new EchoServer(1));
        s.startResend = new CountDownLatch(1);
        s.start();
        EchoClient c = new EchoClient(loop, Terminator.of("\n"), s.port());
        c.push(bytes("hello world\nI'm not dead yet!\n"));
        c.push(SERVER_QUIT);
        c.closeWhenDone();
        runUntil(loop, () -> !c.isOpen(), Duration.ofSeconds(30));
        // Only now may the server echo: the client has closed, so it must receive nothing.
        s.startResend.countDown();
        s.join(10_000);
        assertEquals(List.of(), c.contents);
        assertTrue(s.buffer.length > 0, "the server received what was pushed before closeWhenDone");
    }

    @Test
    void pushEveryByteContainer() throws Exception {
        EventLoop loop = newLoop();
        EchoServer s = startEchoServer(1);
        EchoClient c = new EchoClient(loop, Terminator.of("\n"), s.port());
        byte[] data = bytes("bytes\n");
        ByteBuffer heap = ByteBuffer.wrap(data.clone());
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
        ByteBuffer readOnly = ByteBuffer.wrap(data.clone()).asReadOnlyBuffer();
        ByteBuffer sliced = ByteBuffer.wrap(bytes("xxbytes\nyy")).position(2).limit(8).slice();
        ByteBuffer positioned = ByteBuffer.wrap(bytes("__bytes\n")).position(2);
        c.push(data);
        c.push(bytes("..bytes\n.."), 2, 6);
        for (ByteBuffer b : List.of(heap, direct, readOnly, sliced, positioned)) {
            int position = b.position();
            c.push(b);
            assertEquals(position, b.position(), "push leaves the caller's buffer as it was");
        }
        // test_push: things that are not bytes are refused at compile time in Java.
        c.push(SERVER_QUIT);
        loopUntilServerDone(loop, s);
        assertEquals(java.util.Collections.nCopies(7, "bytes"), c.contents);
    }

    @Test
    void negativeTerminatorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Terminator.count(-1));
        assertThrows(IllegalArgumentException.class, () -> Terminator.of(new byte[0]));
    }

    @Test
    void findPrefixAtEnd() {
        assertEquals(1, DelimiterScanner.findPrefixAtEnd(bytes("qwerty\r"), bytes("\r\n")));
        assertEquals(0, DelimiterScanner.findPrefixAtEnd(bytes("qwertydkjf"), bytes("\r\n")));
    }

    @Test
    void terminatorIsReadBackAsSet() throws Exception {
        EventLoop loop = newLoop();
        EchoServer s = startEchoServer(1);
        EchoClient c = new EchoClient(loop, Terminator.of("\r\n"), s.port());
        assertEquals(Terminator.of("\r\n"), c.getTerminator());
        c.setTerminator(Terminator.count(12));
        assertEquals(Terminator.count(12), c.getTerminator());
        c.setTerminator(Terminator.none());
        assertEquals(Terminator.none(), c.getTerminator());
        c.push(SERVER_QUIT);
        loopUntilServerDone(loop, s);
        assertArrayEquals(new byte[0], s.buffer);
    }
}

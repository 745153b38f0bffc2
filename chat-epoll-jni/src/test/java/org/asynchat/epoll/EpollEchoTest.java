package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;
import org.asynchat.Producers;
import org.asynchat.Terminator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The epoll backend end to end with plain {@link Socket} peers: line echo over IPv4 and IPv6,
 * a large transfer through gathering writes, and files through sendfile.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EpollEchoTest {

    private EventLoop loop;

    @BeforeEach
    void start() {
        loop = new EventLoop(NativeTestSupport.epoll());
    }

    @AfterEach
    void stop() {
        if (loop != null) { // null when the test was skipped
            loop.close();
        }
    }

    /** Echoes lines; "FILE path" sends the file instead. */
    static final class Echo extends AsyncChat {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Echo(AcceptedConnection c) {
            super(c);
            setTerminator(Terminator.of("\n"));
            setMaxFrameLength(NO_FRAME_LIMIT); // the 10 MB case is one line
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            line.writeBytes(b);
        }

        @Override
        public void foundTerminator() {
            byte[] bytes = line.toByteArray();
            line.reset();
            String text = new String(bytes, 0, Math.min(5, bytes.length), StandardCharsets.ISO_8859_1);
            if (text.equals("FILE ")) {
                pushWithProducer(Producers.file(Path.of(new String(bytes, StandardCharsets.UTF_8).substring(5))));
            } else {
                push(bytes);
                push(new byte[] {'\n'});
            }
        }
    }

    /** Listens on the loop (set up on this thread, before the loop runs), then starts it. */
    private InetSocketAddress listen(String host) throws Exception {
        Dispatcher server = new Dispatcher(loop) {
            @Override
            protected void handleAccepted(AcceptedConnection connection) {
                new Echo(connection);
            }
        };
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        server.listen(16);
        InetSocketAddress address = server.localAddress();
        loop.start();
        return address;
    }

    @Test
    void echoesLinesOverIpv4() throws Exception {
        InetSocketAddress address = listen("127.0.0.1");
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            roundTrip(s, "hello");
            roundTrip(s, "second line");
        }
    }

    @Test
    void echoesLinesOverIpv6() throws Exception {
        InetSocketAddress address = listen("::1");
        assertEquals(InetAddress.getByName("::1"), address.getAddress());
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            roundTrip(s, "over six");
        }
    }

    @Test
    void echoesTenMegabytesInOneLine() throws Exception {
        InetSocketAddress address = listen("127.0.0.1");
        byte[] payload = new byte[10 << 20];
        new Random(1).nextBytes(payload);
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n') {
                payload[i] = 'x';
            }
        }
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(payload);
                    out.write('\n');
                    out.flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            byte[] back = s.getInputStream().readNBytes(payload.length + 1);
            writer.join();
            assertEquals(payload.length + 1, back.length);
            assertArrayEquals(payload, java.util.Arrays.copyOf(back, payload.length));
        }
    }

    @Test
    void sendsFilesWithSendfile(@TempDir Path dir) throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(2).nextBytes(content);
        Path file = Files.write(dir.resolve("data.bin"), content);
        InetSocketAddress address = listen("127.0.0.1");
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.getOutputStream().write(("FILE " + file + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] back = s.getInputStream().readNBytes(content.length);
            assertArrayEquals(content, back);
            roundTrip(s, "after the file");
        }
    }

    static void roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
        InputStream in = s.getInputStream();
        byte[] back = in.readNBytes(text.length() + 1);
        assertEquals(text + "\n", new String(back, StandardCharsets.UTF_8));
    }
}

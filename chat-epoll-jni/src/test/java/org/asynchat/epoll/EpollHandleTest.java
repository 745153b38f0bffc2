package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.asynchat.compliance.OwnThread;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.Poller;
import org.asynchat.spi.SocketHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket handles and the poller below the event loop: options, addresses, heap and mixed
 * buffers, the file copy where sendfile cannot be used, wake-ups, and events of a socket that
 * was closed and whose number was reused within one poll.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EpollHandleTest extends HandleTestBase {

    @Test
    void socketOptionsRoundTrip() throws Exception {
        SocketHandle s = fixture.track(fixture.poller.openSocket(StandardProtocolFamily.INET));
        s.setOption(StandardSocketOptions.TCP_NODELAY, true);
        assertTrue(s.getOption(StandardSocketOptions.TCP_NODELAY));
        s.setOption(StandardSocketOptions.TCP_NODELAY, false);
        assertFalse(s.getOption(StandardSocketOptions.TCP_NODELAY));
        s.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        assertTrue(s.getOption(StandardSocketOptions.SO_KEEPALIVE));
        s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        assertTrue(s.getOption(StandardSocketOptions.SO_REUSEADDR));
        s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        assertTrue(s.getOption(StandardSocketOptions.SO_REUSEPORT));
        s.setOption(StandardSocketOptions.SO_RCVBUF, 65536);
        assertTrue(s.getOption(StandardSocketOptions.SO_RCVBUF) >= 65536, "Linux doubles the value it is given");
        s.setOption(StandardSocketOptions.SO_SNDBUF, 65536);
        assertTrue(s.getOption(StandardSocketOptions.SO_SNDBUF) >= 65536);
        assertEquals(-1, s.getOption(StandardSocketOptions.SO_LINGER), "off by default");
        s.setOption(StandardSocketOptions.SO_LINGER, 5);
        assertEquals(5, s.getOption(StandardSocketOptions.SO_LINGER));
        s.setOption(StandardSocketOptions.SO_LINGER, -1);
        assertEquals(-1, s.getOption(StandardSocketOptions.SO_LINGER));

        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> s.setOption(StandardSocketOptions.IP_MULTICAST_IF, null));
        assertTrue(e.getMessage().contains("does not support the socket option IP_MULTICAST_IF"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> s.getOption(StandardSocketOptions.IP_TOS));
        assertThrows(IllegalArgumentException.class, () -> s.setOption(StandardSocketOptions.SO_RCVBUF, -1));
    }

    @Test
    void addressesOverIpv4AndIpv6() throws Exception {
        ListenerHandle v4 = fixture.track(fixture.poller.openListener(StandardProtocolFamily.INET));
        assertNull(v4.localAddress(), "not bound yet");
        v4.bind(new InetSocketAddress("127.0.0.1", 0), 0);
        assertEquals(InetAddress.getByName("127.0.0.1"), v4.localAddress().getAddress());

        ListenerHandle v6 = fixture.track(fixture.poller.openListener(StandardProtocolFamily.INET6));
        v6.bind(new InetSocketAddress("::1", 0), 0);
        InetSocketAddress v6Address = v6.localAddress();
        assertEquals(InetAddress.getByName("::1"), v6Address.getAddress());

        SocketHandle client = fixture.track(fixture.poller.openSocket(StandardProtocolFamily.INET6));
        assertNull(client.remoteAddress(), "not connected");
        client.connect(v6Address);
        fixture.poller.register(client, Poller.WRITE, "client");
        fixture.awaitReady("client", Poller.WRITE);
        assertTrue(client.finishConnect());
        assertEquals(v6Address, client.remoteAddress());
        SocketHandle accepted = fixture.track(acceptOne(v6));
        assertEquals(client.localAddress(), accepted.remoteAddress());
        assertEquals(v6Address, accepted.localAddress());
    }

    @Test
    void anIpv6SocketTakesIpv4AddressesAsMapped() throws Exception {
        ListenerHandle dual = fixture.track(fixture.poller.openListener(StandardProtocolFamily.INET6));
        dual.bind(new InetSocketAddress("127.0.0.1", 0), 0);
        InetSocketAddress local = dual.localAddress();
        assertTrue(local.getAddress() instanceof Inet4Address, "::ffff:127.0.0.1 reads back as IPv4: " + local);
        try (Socket s = new Socket(local.getAddress(), local.getPort())) {
            SocketHandle accepted = fixture.track(acceptOne(dual));
            assertEquals(s.getLocalPort(), accepted.remoteAddress().getPort());
        }
    }

    @Test
    void heapBuffersAreCopiedThroughScratchMemory() throws Exception {
        HandleFixture.Pair pair = fixture.connectedPair();
        byte[] hello = "hello from the heap".getBytes(StandardCharsets.UTF_8);
        ByteBuffer src = ByteBuffer.wrap(hello);
        assertEquals(hello.length, pair.ours().write(src));
        assertFalse(src.hasRemaining());
        assertArrayEquals(hello, pair.theirs().getInputStream().readNBytes(hello.length));

        pair.theirs().getOutputStream().write(hello);
        pair.ours().interest(Poller.READ);
        fixture.awaitReady("ours", Poller.READ);
        ByteBuffer dst = ByteBuffer.allocate(100).position(3);
        assertEquals(hello.length, pair.ours().read(dst));
        assertEquals(3 + hello.length, dst.position());
        assertArrayEquals(hello, java.util.Arrays.copyOfRange(dst.array(), 3, 3 + hello.length));
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> pair.ours().read(dst.asReadOnlyBuffer()));
    }

    @Test
    void gatheringWritesMixDirectHeapAndEmptyBuffers() throws Exception {
        HandleFixture.Pair pair = fixture.connectedPair();
        ByteBuffer[] direct = {direct("one,"), direct(""), direct("two,"), direct("three")};
        assertEquals(13, pair.ours().write(direct, 0, direct.length));
        ByteBuffer[] mixed = {direct("four,"), ByteBuffer.wrap("five,".getBytes(StandardCharsets.UTF_8)), direct("six")};
        assertEquals(13, pair.ours().write(mixed, 0, mixed.length));
        for (ByteBuffer b : mixed) {
            assertFalse(b.hasRemaining());
        }
        assertEquals("one,two,threefour,five,six",
                new String(pair.theirs().getInputStream().readNBytes(26), StandardCharsets.UTF_8));
    }

    @Test
    void filesWhoseDescriptorIsUnknownAreCopiedInstead(@TempDir Path dir) throws Exception {
        byte[] content = new byte[200_000];
        new Random(3).nextBytes(content);
        Path file = Files.write(dir.resolve("f"), content);
        HandleFixture.Pair pair = fixture.connectedPair();
        CompletableFuture<byte[]> received = OwnThread.supply("receiver", () -> {
            try {
                return pair.theirs().getInputStream().readNBytes(content.length - 100);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (FileChannel ch = new DelegatingFileChannel(FileChannel.open(file, StandardOpenOption.READ))) {
            assertEquals(-1, Native.fileDescriptor0(ch), "not a JDK file channel");
            long position = 100;
            while (position < content.length) {
                long n = pair.ours().transferFile(ch, position, content.length - position);
                position += n;
                if (n == 0) {
                    pair.ours().interest(Poller.WRITE);
                    fixture.awaitReady("ours", Poller.WRITE);
                }
            }
            assertThrows(IOException.class, () -> pair.ours().transferFile(ch, content.length, 10),
                    "a region past the end of the file is an error, not a loop that sends nothing");
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 100, content.length), received.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aWakeupEndsAPollWithoutLimit() throws Exception {
        CompletableFuture<Integer> poll = OwnThread.supply("poll", () -> {
            try {
                return fixture.poller.poll(-1, (a, ops) -> {
                    throw new AssertionError("nothing is registered");
                });
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(50);
        fixture.poller.wakeup();
        fixture.poller.wakeup(); // merged with the first
        assertEquals(0, poll.get(10, TimeUnit.SECONDS));
        assertEquals(0, fixture.poller.poll(0, (a, ops) -> {
            throw new AssertionError("nothing is registered");
        }));
    }

    @Test
    void anEventOfASocketClosedDuringThePollNeverReachesTheSocketThatGetsItsNumber() throws Exception {
        List<HandleFixture.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HandleFixture.Pair p = fixture.connectedPair();
            pairs.add(p);
            p.theirs().getOutputStream().write('x'); // every one readable
        }
        Thread.sleep(50);
        for (HandleFixture.Pair p : pairs) {
            p.ours().interest(Poller.READ);
        }
        List<Object> reported = new ArrayList<>();
        List<Integer> closedFds = new ArrayList<>();
        SocketHandle[] replacement = {null};
        fixture.poller.poll(1_000_000_000L, (attachment, ops) -> {
            reported.add(attachment);
            if (replacement[0] == null) {
                try {
                    // Close every socket with an event in this batch, then open one: it gets the lowest free number.
                    for (HandleFixture.Pair p : pairs) {
                        closedFds.add(((EpollHandle) p.ours()).fd);
                        p.ours().close();
                    }
                    replacement[0] = fixture.track(fixture.poller.openSocket(StandardProtocolFamily.INET));
                    fixture.poller.register(replacement[0], Poller.READ | Poller.WRITE, "replacement");
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }
        });
        assertTrue(closedFds.contains(((EpollHandle) replacement[0]).fd), "the new socket reuses a closed number");
        assertEquals(1, reported.size(), "the closed sockets' events were dropped: " + reported);
    }

    private SocketHandle acceptOne(ListenerHandle listener) throws IOException {
        fixture.poller.register(listener, Poller.READ, listener);
        fixture.awaitReady(listener, Poller.READ);
        SocketHandle s = listener.accept();
        assertTrue(s != null, "a connection was pending");
        return s;
    }

    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }
}

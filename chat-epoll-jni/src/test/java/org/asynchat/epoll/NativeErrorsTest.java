package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import org.asynchat.ConnectionResetException;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.Poller;
import org.asynchat.spi.ResourceExhaustedException;
import org.asynchat.spi.SocketHandle;
import org.junit.jupiter.api.Test;

/**
 * errno becomes the exception users expect, named after the call, with the system's text:
 * from real sockets where the kernel can be made to fail, and from the table for the rest.
 */
class NativeErrorsTest extends HandleTestBase {

    @Test
    void aRefusedConnectIsAConnectExceptionNamingTheCallAndAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SocketHandle socket = fixture.track(fixture.poller.openSocket(StandardProtocolFamily.INET));
        IOException e;
        if (socket.connect(new InetSocketAddress("127.0.0.1", port))) {
            throw new AssertionError("a connect to a closed port succeeded");
        }
        fixture.poller.register(socket, Poller.WRITE, "refused");
        fixture.awaitReady("refused", Poller.WRITE);
        e = assertThrows(ConnectException.class, socket::finishConnect);
        assertEquals("connect to 127.0.0.1 port " + port + ": Connection refused", e.getMessage());
    }

    @Test
    void aResetPeerIsAConnectionResetExceptionOnRead() throws Exception {
        HandleFixture.Pair pair = fixture.connectedPair();
        pair.theirs().setSoLinger(true, 0);
        pair.theirs().close(); // an RST, not a FIN
        pair.ours().interest(Poller.READ);
        fixture.awaitReady("ours", Poller.READ);
        IOException e = assertThrows(ConnectionResetException.class, () -> pair.ours().read(ByteBuffer.allocateDirect(64)));
        assertEquals("read: Connection reset by peer", e.getMessage());
    }

    @Test
    void writingToAResetPeerIsAConnectionResetException() throws Exception {
        HandleFixture.Pair pair = fixture.connectedPair();
        pair.theirs().setSoLinger(true, 0);
        pair.theirs().close();
        ByteBuffer data = ByteBuffer.allocateDirect(1024);
        IOException e = assertThrows(ConnectionResetException.class, () -> {
            for (int i = 0; i < 1000; i++) { // the first write may still be taken before the RST arrives
                data.clear();
                pair.ours().write(data);
                Thread.sleep(5);
            }
        });
        assertTrue(e.getMessage().equals("write: Connection reset by peer") || e.getMessage().equals("write: Broken pipe"),
                e.getMessage());
    }

    @Test
    void anOrderlyCloseIsEndOfStreamAndAnEmptySocketReadsNothing() throws Exception {
        HandleFixture.Pair pair = fixture.connectedPair();
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        assertEquals(0, pair.ours().read(buffer), "EAGAIN reads as 0");
        pair.theirs().shutdownOutput();
        pair.ours().interest(Poller.READ);
        fixture.awaitReady("ours", Poller.READ);
        assertEquals(-1, pair.ours().read(buffer));
    }

    @Test
    void aFullSocketTakesNothingAndSaysSoWithZero() throws Exception {
        HandleFixture.Pair pair = fixture.connectedPair();
        ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
        long total = 0;
        int n;
        do {
            chunk.clear();
            n = pair.ours().write(chunk);
            total += n;
        } while (n > 0 && total < (256L << 20));
        assertEquals(0, n, "EAGAIN writes as 0 once the socket is full, after " + total + " bytes");
    }

    @Test
    void anAddressInUseIsABindException() throws Exception {
        ServerSocket taken = fixture.jdkServer();
        ListenerHandle listener = fixture.track(fixture.poller.openListener(StandardProtocolFamily.INET));
        IOException e = assertThrows(BindException.class, () -> listener.bind(
                new InetSocketAddress("127.0.0.1", taken.getLocalPort()), 0));
        assertEquals("bind: Address already in use", e.getMessage());
    }

    @Test
    void aClosedHandleRefusesEveryCall() throws Exception {
        HandleFixture.Pair pair = fixture.connectedPair();
        pair.ours().close();
        pair.ours().close(); // idempotent
        assertThrows(ClosedChannelException.class, () -> pair.ours().read(ByteBuffer.allocateDirect(8)));
        assertThrows(ClosedChannelException.class, () -> pair.ours().write(ByteBuffer.allocateDirect(8)));
        assertThrows(ClosedChannelException.class, () -> pair.ours().interest(Poller.READ));
        assertTrue(!pair.ours().isOpen());
    }

    @Test
    void everyErrnoMapsToItsType() {
        assertMapped(ResourceExhaustedException.class, "accept4", Native.EMFILE, "accept4: Too many open files (");
        assertMapped(ResourceExhaustedException.class, "accept4", Native.ENFILE, "accept4: Too many open files in system");
        assertMapped(ResourceExhaustedException.class, "accept4", Native.ENOBUFS, "accept4: No buffer space available");
        assertMapped(ResourceExhaustedException.class, "socket", Native.ENOMEM, "socket: Cannot allocate memory");
        assertMapped(ConnectionResetException.class, "read", Native.ECONNRESET, "read: Connection reset by peer");
        assertMapped(ConnectionResetException.class, "write", Native.EPIPE, "write: Broken pipe");
        assertMapped(ConnectException.class, "connect", Native.ECONNREFUSED, "connect: Connection refused");
        assertMapped(ConnectException.class, "connect", Native.ETIMEDOUT, "connect: Connection timed out");
        assertMapped(NoRouteToHostException.class, "connect", Native.EHOSTUNREACH, "connect: No route to host");
        assertMapped(NoRouteToHostException.class, "connect", Native.ENETUNREACH, "connect: Network is unreachable");
        assertMapped(BindException.class, "bind", Native.EADDRINUSE, "bind: Address already in use");
        assertMapped(BindException.class, "bind", Native.EADDRNOTAVAIL, "bind: Cannot assign requested address");
        assertMapped(BindException.class, "bind", Native.EACCES, "bind: Permission denied");
        IOException other = NativeErrors.exception("getpeername", -Native.ENOTCONN);
        assertEquals(IOException.class, other.getClass());
        assertEquals("getpeername: Transport endpoint is not connected (errno " + Native.ENOTCONN + ")",
                other.getMessage());
    }

    private static void assertMapped(Class<? extends IOException> type, String call, int errno, String start) {
        IOException e = NativeErrors.exception(call, -errno);
        assertInstanceOf(type, e, call + " errno " + errno);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}

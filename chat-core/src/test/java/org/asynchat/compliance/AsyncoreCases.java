package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;
import org.asynchat.Terminator;
import org.junit.jupiter.api.Test;

/** asyncore's dispatcher behaviour: accept, connect, close, readable() and writable(). */
public abstract class AsyncoreCases extends ComplianceBase {

    @Test
    void acceptHandsTheNewConnectionToHandleAccepted() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<InetSocketAddress> seen = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, connection -> {
            seen.set(connection.remoteAddress());
            assertEquals(t.loop, connection.loop());
            return new LineEcho(connection);
        }));
        Socket client = connect(server.port());
        client.getOutputStream().write(bytes("ping\n"));
        assertEquals("ping", readLine(client.getInputStream()), "the adopted connection is served");
        assertEquals(client.getLocalSocketAddress(), seen.get());
    }

    @Test
    void aConnectionNotAdoptedByHandleAcceptedIsClosed() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, connection -> null));
        Socket client = connect(server.port());
        assertEquals(-1, client.getInputStream().read(), "the peer sees end of stream");
    }

    @Test
    void handleConnectFiresOnceOnASuccessfulConnect() throws Exception {
        EventLoop loop = newLoop();
        ServerSocket peer = closeLater(new ServerSocket(0, 50, java.net.InetAddress.getByName(HOST)));
        AtomicInteger connects = new AtomicInteger();
        Dispatcher client = new Dispatcher(loop) {
            @Override
            protected void handleConnect() {
                connects.incrementAndGet();
            }

            @Override
            protected void handleRead() {
                ByteBuffer b = ByteBuffer.allocate(16);
                try {
                    recv(b);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        client.connect(new InetSocketAddress(HOST, peer.getLocalPort()));
        Socket accepted = closeLater(peer.accept());
        runUntil(loop, () -> connects.get() > 0, Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            loop.run(Duration.ofMillis(5), 1);
        }
        assertEquals(1, connects.get());
        assertTrue(client.isConnected());
        assertEquals(accepted.getRemoteSocketAddress(), client.localAddress());
    }

    @Test
    void aRefusedConnectReachesTheChannelAsAnErrorThenAClose() throws Exception {
        EventLoop loop = newLoop();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        List<Object> events = new CopyOnWriteArrayList<>();
        Dispatcher client = new Dispatcher(loop) {
            @Override
            protected void handleConnect() {
                events.add("connect");
            }

            @Override
            protected void handleError(Throwable error) {
                events.add(error);
                super.handleError(error); // logs, then handleClose
            }

            @Override
            protected void handleClose() {
                events.add("close");
                super.handleClose();
            }
        };
        client.connect(new InetSocketAddress(HOST, port));
        runUntil(loop, () -> !client.isOpen(), Duration.ofSeconds(10));
        assertEquals(2, events.size(), events.toString());
        assertInstanceOf(ConnectException.class, events.get(0));
        assertEquals("close", events.get(1));
        assertEquals(0, loop.channelCount());
    }

    @Test
    void peerCloseReachesHandleClose() throws Exception {
        LoopThread t = startLoop();
        AtomicInteger closes = new AtomicInteger();
        Server server = onLoop(t, () -> listen(t.loop, connection -> new LineEcho(connection) {
            @Override
            protected void handleClose() {
                closes.incrementAndGet();
                super.handleClose();
            }
        }));
        Socket client = connect(server.port());
        client.getOutputStream().write(bytes("x\n"));
        assertEquals("x", readLine(client.getInputStream()));
        client.close();
        await("handleClose ran", () -> closes.get() == 1);
        await("the channel left the loop", () -> t.loop.channelCount() == 1);
        assertEquals(1, closes.get());
    }

    /** A channel whose readable() is a switch, as asyncore users write them. */
    static final class Gated extends AsyncChat {
        volatile boolean open;
        final StringBuilder got = new StringBuilder();

        Gated(AcceptedConnection c) {
            super(c);
            setTerminator(Terminator.of("\n"));
        }

        @Override
        public boolean readable() {
            return open;
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            while (data.hasRemaining()) {
                got.append((char) data.get());
            }
        }

        @Override
        public void foundTerminator() {
            got.append('|');
        }
    }

    @Test
    void readableFalseStopsReadingUntilItIsTrueAgain() throws Exception {
        LoopThread t = startLoop();
        AtomicReference<Gated> gated = new AtomicReference<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Gated g = new Gated(c);
            gated.set(g);
            return g;
        }));
        Socket client = connect(server.port());
        client.getOutputStream().write(bytes("held\n"));
        await("accepted", () -> gated.get() != null);
        // The bytes wait in the socket; many loop turns pass without reading them.
        for (int i = 0; i < 20; i++) {
            onLoop(t, () -> null);
            sleep(10);
        }
        assertEquals("", onLoop(t, () -> gated.get().got.toString()));
        onLoop(t, () -> gated.get().open = true);
        await("the held line is read", () -> {
            try {
                return onLoop(t, () -> gated.get().got.toString()).equals("held|");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aWritableOverrideIsHonoured() throws Exception {
        LoopThread t = startLoop();
        AtomicInteger writesWhileClosed = new AtomicInteger();
        AtomicReference<Dispatcher> channel = new AtomicReference<>();
        final class Sender extends Dispatcher {
            volatile ByteBuffer pending;

            Sender(AcceptedConnection c) {
                super(c);
            }

            @Override
            public boolean readable() {
                return false;
            }

            @Override
            public boolean writable() {
                return pending != null;
            }

            @Override
            protected void handleWrite() {
                ByteBuffer p = pending;
                if (p == null) {
                    writesWhileClosed.incrementAndGet();
                    return;
                }
                try {
                    send(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (!p.hasRemaining()) {
                    pending = null;
                }
            }
        }
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            Sender s = new Sender(c);
            channel.set(s);
            return s;
        }));
        Socket client = connect(server.port());
        await("accepted", () -> channel.get() != null);
        for (int i = 0; i < 20; i++) {
            onLoop(t, () -> null);
            sleep(5);
        }
        onLoop(t, () -> ((Sender) channel.get()).pending = ByteBuffer.wrap(bytes("written by handleWrite\n")));
        assertEquals("written by handleWrite", readLine(client.getInputStream()));
        for (int i = 0; i < 20; i++) {
            onLoop(t, () -> null);
            sleep(5);
        }
        assertEquals(0, writesWhileClosed.get(), "handleWrite is not called while writable() is false");
    }

    @Test
    void aPlainDispatcherEchoesWithRecvAndSend() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, c -> new Dispatcher(c) {
            private final ByteBuffer buf = ByteBuffer.allocate(1024);

            @Override
            protected void handleRead() {
                try {
                    if (recv(buf) > 0) {
                        buf.flip();
                        send(buf);
                        buf.compact();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }));
        Socket client = connect(server.port());
        client.getOutputStream().write(bytes("raw bytes\n"));
        assertEquals("raw bytes", readLine(client.getInputStream()));
        client.shutdownOutput();
        assertEquals(-1, client.getInputStream().read(), "recv at end of stream closes the channel");
    }

    @Test
    void addressesAreReported() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, LineEcho::new));
        assertEquals(HOST, onLoop(t, () -> server.localAddress().getAddress().getHostAddress()));
        assertNull(onLoop(t, server::remoteAddress));
        assertTrue(onLoop(t, server::isListening));
        assertTrue(onLoop(t, server::toString).contains("listening on"));
    }
}

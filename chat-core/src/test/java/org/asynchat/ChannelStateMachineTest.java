package org.asynchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.asynchat.spi.ResourceExhaustedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channel state machine ({@link ChannelEvents}) and its collaborators on a real
 * {@link EventLoop} over the {@link ScriptedBackend}: no sockets, no threads, no timing, one
 * turn at a time. The compliance suite proves the same behaviours over real sockets on each
 * backend; these pin down what each event means, exactly and fast.
 */
class ChannelStateMachineTest {

    private final ScriptedBackend backend = new ScriptedBackend();
    private final EventLoop loop = new EventLoop(backend);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private void turn() {
        loop.run(Duration.ofMillis(1), 1);
    }

    private RecordingChat accepted(ScriptedBackend.Socket socket) {
        RecordingChat chat = new RecordingChat(new AcceptedConnection(loop, socket));
        chat.setTerminator(Terminator.of("\r\n"));
        turn(); // registers it
        return chat;
    }

    @Test
    void aConnectingChannelConnectsOnceAndThenSendsWhatWasPushedWhileConnecting() throws IOException {
        RecordingChat chat = new RecordingChat(loop);
        chat.connect(new InetSocketAddress("127.0.0.1", 9));
        chat.push("hello\r\n".getBytes());
        turn();
        ScriptedBackend.Socket socket = backend.sockets.get(0);
        assertFalse(chat.isConnected());
        assertEquals("", socket.written(), "nothing is written before the connect completes");

        socket.peerAccepts();
        turn();
        turn();
        assertTrue(chat.isConnected());
        assertEquals(List.of("connect"), chat.events, "handleConnect runs once");
        assertEquals("hello\r\n", socket.written());
    }

    @Test
    void endOfStreamDeliversHeldBackBytesThenReportsTheHalfClose() {
        ScriptedBackend.Socket socket = backend.newSocket();
        RecordingChat chat = accepted(socket);
        socket.peerSends("hi\r\nbye\r").peerCloses();
        turn();
        turn();
        assertEquals(List.of("collect hi", "terminator", "collect bye", "collect \\r", "peer shutdown", "close"),
                chat.events);
        assertFalse(chat.isOpen());
    }

    @Test
    void aResetIsACloseNeitherAHalfCloseNorAnError() {
        ScriptedBackend.Socket socket = backend.newSocket();
        RecordingChat chat = accepted(socket);
        socket.peerSends("bye\r").peerResets();
        turn();
        turn();
        assertEquals(List.of("collect bye", "collect \\r", "close"), chat.events,
                "a reset delivers held-back input and closes; the peer reads nothing more, so it is no half-close");
        assertFalse(chat.isOpen());
    }

    @Test
    void aResetWhileWritingIsAClose() {
        ScriptedBackend.Socket socket = backend.newSocket();
        RecordingChat chat = accepted(socket);
        socket.writeFailure = new ConnectionResetException("writev: Broken pipe", null);
        chat.push("answer\r\n".getBytes());
        turn();
        assertEquals(List.of("close"), chat.events);
        assertFalse(chat.isOpen());
    }

    @Test
    void aCallbackThatThrowsReachesHandleErrorAndTheChannelClosesWhileTheLoopGoesOn() {
        ScriptedBackend.Socket bad = backend.newSocket();
        ScriptedBackend.Socket good = backend.newSocket();
        RecordingChat failing = new RecordingChat(new AcceptedConnection(loop, bad)) {
            @Override
            public void foundTerminator() {
                throw new IllegalStateException("a bug in a callback");
            }
        };
        failing.setTerminator(Terminator.of("\n"));
        RecordingChat healthy = accepted(good);
        bad.peerSends("x\n");
        good.peerSends("y\r\n");
        turn();
        assertEquals(List.of("collect x", "error IllegalStateException", "close"), failing.events);
        assertEquals(List.of("collect y", "terminator"), healthy.events);
        assertTrue(healthy.isOpen());
    }

    @Test
    void aHandleErrorThatThrowsStillClosesTheChannel() {
        ScriptedBackend.Socket socket = backend.newSocket();
        RecordingChat chat = new RecordingChat(new AcceptedConnection(loop, socket)) {
            @Override
            public void foundTerminator() {
                throw new IllegalStateException("first");
            }

            @Override
            protected void handleError(Throwable error) {
                throw new IllegalStateException("second");
            }
        };
        chat.setTerminator(Terminator.of("\n"));
        socket.peerSends("x\n");
        turn();
        assertFalse(chat.isOpen());
        assertFalse(socket.isOpen());
    }

    @Test
    void onlyWriteProgressCountsAsActivity() {
        // Commit 7601082: a flush into a full socket is not activity, or a peer that stopped
        // reading would never go idle while the channel keeps pushing to it.
        ScriptedBackend.Socket socket = backend.newSocket();
        RecordingChat chat = accepted(socket);
        socket.capacity = 0;
        chat.lastActivityNanos = 0;
        chat.push("to a peer that reads nothing\r\n".getBytes());
        turn();
        turn();
        assertEquals(0, chat.lastActivityNanos, "a flush that wrote nothing moved the activity clock");
        socket.capacity = 4;
        turn();
        assertTrue(chat.lastActivityNanos != 0, "bytes the socket took are activity");
        assertEquals("to a", socket.written());
    }

    @Test
    void aListenerAcceptsAtMostOneBatchPerReadinessEvent() throws IOException {
        List<AcceptedConnection> accepted = new ArrayList<>();
        Dispatcher listener = listener(accepted);
        ScriptedBackend.Listener socket = backend.listeners.get(0);
        for (int i = 0; i < 100; i++) {
            socket.queueConnection();
        }
        turn();
        assertEquals(64, accepted.size(), "one event accepts one batch, so that a flood cannot hold the loop");
        turn();
        assertEquals(100, accepted.size());
        assertTrue(listener.isListening());
    }

    @Test
    void aListenerOutOfDescriptorsBacksOffThenAcceptsAgain() throws Exception {
        List<AcceptedConnection> accepted = new ArrayList<>();
        Dispatcher listener = listener(accepted);
        ScriptedBackend.Listener socket = backend.listeners.get(0);
        socket.queueFailure(new ResourceExhaustedException("accept4: Too many open files", null));
        socket.queueConnection();
        turn();
        assertEquals(0, accepted.size());
        assertEquals(0, listener.interest, "a paused listener has no read interest, so the loop does not spin on it");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (accepted.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(2);
            turn();
        }
        assertEquals(1, accepted.size(), "accepting resumes after the back-off");
    }

    @Test
    void aPortThatCannotBeBoundIsExplainedByTheExceptionsTypeNotItsText() {
        // The C library's text may be translated: glibc in a French locale says this.
        backend.bindFailure = new BindException("bind: Adresse déjà utilisée");
        Dispatcher listener = new Dispatcher(loop) { };
        IOException e = assertThrows(IOException.class, () -> listener.listen(16));
        assertTrue(e.getMessage().startsWith("cannot listen on 0.0.0.0:0: bind: Adresse déjà utilisée"), e.getMessage());
        assertTrue(e.getMessage().contains("or port 0 for any free one"), e.getMessage());
        assertTrue(e.getCause() instanceof BindException);
        assertFalse(backend.listeners.get(0).isOpen(), "the listener that failed to bind is closed");
    }

    private Dispatcher listener(List<AcceptedConnection> accepted) throws IOException {
        Dispatcher listener = new Dispatcher(loop) {
            @Override
            protected void handleAccepted(AcceptedConnection connection) {
                accepted.add(connection);
                new RecordingChat(connection);
            }
        };
        listener.listen(16);
        turn();
        return listener;
    }
}

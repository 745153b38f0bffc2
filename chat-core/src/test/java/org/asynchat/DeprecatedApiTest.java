package org.asynchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.asynchat.framing.DelimiterScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The members deprecated for removal in 0.2.0 keep working until then, although chat-core
 * itself no longer uses them.
 */
@SuppressWarnings("removal")
class DeprecatedApiTest {

    @Test
    void aDelimitersScannerStillFindsIt() {
        Terminator.Delimiter crlf = (Terminator.Delimiter) Terminator.of("\r\n");
        DelimiterScanner s = crlf.scanner();
        byte[] data = "ab\r\ncd".getBytes(StandardCharsets.US_ASCII);
        assertEquals(2, s.indexOf(data, 0, data.length));
        assertSame(s, crlf.scanner(), "compiled once");
    }

    @Test
    void advancingAFileRegionStillMovesItsPosition(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[100]);
        try (Producers.FileRegion region = (Producers.FileRegion) Producers.file(file)) {
            region.advance(40);
            assertEquals(40, region.position());
            assertEquals(60, region.remaining());
        }
    }

    @Test
    void frameTooLongStillRoutesToHandleFrameTooLong() {
        ScriptedBackend backend = new ScriptedBackend();
        try (EventLoop loop = new EventLoop(backend)) {
            List<FrameTooLongException> seen = new ArrayList<>();
            AsyncChat chat = new RecordingChat(new AcceptedConnection(loop, backend.newSocket())) {
                @Override
                protected void handleFrameTooLong(FrameTooLongException error) {
                    seen.add(error);
                }
            };
            FrameTooLongException e = new FrameTooLongException(10, 5, Terminator.of("\n"));
            chat.frameTooLong(e);
            assertEquals(List.of(e), seen);
            assertTrue(chat instanceof org.asynchat.framing.FrameHandler, "still a FrameHandler until 0.2.0");
        }
    }

    @Test
    void theFramerReportsAnOverLongFrameWithoutTheDeprecatedHook() {
        ScriptedBackend backend = new ScriptedBackend();
        try (EventLoop loop = new EventLoop(backend)) {
            ScriptedBackend.Socket socket = backend.newSocket();
            List<String> seen = new ArrayList<>();
            AsyncChat chat = new RecordingChat(new AcceptedConnection(loop, socket)) {
                @Override
                protected void handleFrameTooLong(FrameTooLongException error) {
                    seen.add(error.length() + " > " + error.limit());
                }
            };
            chat.setTerminator(Terminator.of("\n"));
            chat.setMaxFrameLength(4);
            socket.peerSends("abcdefgh\nok\n");
            loop.run(java.time.Duration.ofMillis(1), 2);
            assertEquals(List.of("8 > 4"), seen);
            assertEquals(List.of("collect ok", "terminator"), ((RecordingChat) chat).events);
        }
    }
}

package org.asynchat.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar carries the epoll backend: {@code --backend epoll} serves and says so in
 * the ready line, and with nothing chosen Linux picks epoll. Skips, saying why, where the epoll
 * library cannot load (chat-epoll-jni's own tests fail in that case on Linux with gcc).
 */
class EpollCliIT {

    @BeforeEach
    void requireEpoll() {
        AvailableBackends.requireEpoll();
    }

    @Test
    void theEpollFlagServesAndShowsInTheReadyLine() throws Exception {
        try (ExampleProcess echo = ExampleProcess.start("echo", "--backend", "epoll")) {
            assertEquals("epoll", echo.backend());
            try (Socket s = new Socket("127.0.0.1", echo.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("over epoll\n".getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("over epoll", in.readLine());
            }
            assertEquals(0, echo.terminate(), echo.stderr());
            assertEquals("", echo.stderr(), "nothing is logged by default");
        }
    }

    @Test
    void withNothingChosenLinuxPicksEpollAndNioStaysSelectable() throws Exception {
        try (ExampleProcess echo = ExampleProcess.start("echo")) {
            assertEquals("epoll", echo.backend());
        }
        try (ExampleProcess echo = ExampleProcess.start(List.of(), Map.of("ASYNCHAT_BACKEND", "nio"), "echo")) {
            assertEquals("nio", echo.backend());
        }
    }
}

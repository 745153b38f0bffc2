package org.asynchat.examples.fuzz;

import static org.asynchat.examples.fuzz.Fuzzer.BACKENDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.asynchat.examples.RunningServer;
import org.asynchat.examples.TextClient;
import org.asynchat.examples.echo.EchoExample;
import org.asynchat.spi.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Random and mutated input at the echo example, while a well-formed client's lines keep coming back whole. */
class EchoFuzzTest {

    static final Corpus CORPUS = Corpus.of(
            List.of("hello\n", "hello\r\n", "one\ntwo\nthree\n", "\n", "spaces  and\ttabs \n",
                    "h\u00c3\u00a9llo \u00f0\u009f\u0091\u008b\n", "x".repeat(1000) + "\n"),
            List.of("\n", "\r\n", "hello", " ", "\t", "\0", "\r"));

    @ParameterizedTest(name = "echo on {0}")
    @MethodSource(BACKENDS)
    void hostileInputHarmsNoOtherClient(Backend backend) throws Exception {
        try (RunningServer server = RunningServer.start(new EchoExample(), backend, FuzzSettings.serverFlags())) {
            Fuzzer.target("echo on " + backend.name(), server).corpus(CORPUS).wellFormed(EchoClient::new).run();
        }
    }

    /** Sends a few lines in one write and reads each back. */
    static final class EchoClient implements WellFormedClient {
        private final TextClient socket;

        EchoClient(int port) throws IOException {
            socket = new TextClient(port);
        }

        @Override
        public void exchange(Random random) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder request = new StringBuilder();
            for (int i = 1 + random.nextInt(5); i > 0; i--) {
                String line = Payloads.text(random, 2000);
                lines.add(line);
                request.append(line).append('\n');
            }
            socket.send(request.toString());
            for (String line : lines) {
                assertEquals(line, socket.readLine(), "the echo of a line");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

package org.asynchat.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.asynchat.Backends;
import org.junit.jupiter.api.Test;

/** The runnable jar's contract, tried as a user would: java -jar chat-examples.jar echo ... */
class EchoCliIT {

    @Test
    void echoPrintsOneReadyLineEchoesLinesAndStopsCleanlyOnSigterm() throws Exception {
        try (ExampleProcess echo = ExampleProcess.start("echo", "--port", "0")) {
            assertTrue(echo.readyLine().startsWith("listening on 127.0.0.1:"), echo.readyLine());
            try (Socket s = new Socket("127.0.0.1", echo.port())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                out.write("hello\nw\u00f6rld\r\n".getBytes(StandardCharsets.UTF_8));
                out.write("split ".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("line\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("hello", in.readLine());
                assertEquals("w\u00f6rld", in.readLine(), "bytes are echoed as they came (the \\r too)");
                assertEquals("split line", in.readLine());
            }
            assertEquals(0, echo.terminate(), "SIGTERM is a clean stop: " + echo.stderr());
            assertEquals("", echo.restOfStdout(), "standard output carries only the ready line");
            assertEquals("", echo.stderr(), "nothing is logged by default");
        }
    }

    @Test
    void theBackendFlagAndPropertyShowInTheReadyLine() throws Exception {
        try (ExampleProcess echo = ExampleProcess.start("echo", "--backend", "nio")) {
            assertEquals("nio", echo.backend());
        }
        try (ExampleProcess echo = ExampleProcess.start(List.of("-Dasynchat.backend=nio"), Map.of(), "echo")) {
            assertEquals("nio", echo.backend());
        }
        String best = Backends.discover().stream().filter(c -> c.availability().available())
                .findFirst().orElseThrow().name();
        try (ExampleProcess echo = ExampleProcess.start("echo")) {
            assertEquals(best, echo.backend(), "no flag: the best available backend");
        }
    }

    @Test
    void severalLoopsServeFromOneCommandLine() throws Exception {
        try (ExampleProcess echo = ExampleProcess.start("echo", "--threads", "2", "--reuse-port")) {
            for (int i = 0; i < 4; i++) {
                try (Socket s = new Socket("127.0.0.1", echo.port())) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    assertEquals("line " + i, in.readLine());
                }
            }
            assertEquals(0, echo.terminate(), echo.stderr());
        }
        ExampleProcess.Result zero = ExampleProcess.runToEnd(Map.of(), "echo", "--threads", "0");
        assertEquals(2, zero.exit());
        assertTrue(zero.stderr().contains("--threads takes a number of event loops, at least 1, not 0"), zero.stderr());
        ExampleProcess.Result valued = ExampleProcess.runToEnd(Map.of(), "echo", "--reuse-port=yes");
        assertEquals(2, valued.exit());
        assertTrue(valued.stderr().contains("--reuse-port takes no value"), valued.stderr());
    }

    @Test
    void helpListsTheExamples() throws Exception {
        ExampleProcess.Result r = ExampleProcess.runToEnd(Map.of(), "--help");
        assertEquals(0, r.exit());
        assertTrue(r.stdout().contains("echo "), r.stdout());
        ExampleProcess.Result echoHelp = ExampleProcess.runToEnd(Map.of(), "echo", "--help");
        assertEquals(0, echoHelp.exit());
        assertTrue(echoHelp.stdout().contains("--port PORT"), echoHelp.stdout());
    }

    @Test
    void aBadFlagPrintsUsageAndExitsWith2() throws Exception {
        ExampleProcess.Result r = ExampleProcess.runToEnd(Map.of(), "echo", "--prot", "80");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().startsWith("error: unknown flag --prot\nusage: "), r.stderr());
        assertEquals("", r.stdout());
        assertEquals(2, ExampleProcess.runToEnd(Map.of()).exit(), "no example named");
        assertEquals(2, ExampleProcess.runToEnd(Map.of(), "nosuch").exit(), "unknown example");
        ExampleProcess.Result port = ExampleProcess.runToEnd(Map.of(), "echo", "--port", "eighty");
        assertEquals(2, port.exit());
        assertTrue(port.stderr().contains("--port takes a whole number, not 'eighty'"), port.stderr());
    }

    @Test
    void anUnknownBackendSaysWhichExist() throws Exception {
        ExampleProcess.Result flag = ExampleProcess.runToEnd(Map.of(), "echo", "--backend", "bogus");
        assertEquals(2, flag.exit());
        assertTrue(flag.stderr().startsWith("error: asynchat backend 'bogus' (asked for by --backend) is not known."
                + " Backends found: "), flag.stderr());
        assertTrue(flag.stderr().contains("nio (priority 10, available)"), flag.stderr());
        ExampleProcess.Result env = ExampleProcess.runToEnd(Map.of("ASYNCHAT_BACKEND", "bogus"), "echo");
        assertEquals(2, env.exit());
        assertTrue(env.stderr().contains("(asked for by environment variable ASYNCHAT_BACKEND) is not known"),
                env.stderr());
        assertTrue(flag.stderr().contains("usage: "), "a bad flag is followed by the usage: " + flag.stderr());
        assertFalse(env.stderr().contains("usage: "), "no usage for a name from the environment: " + env.stderr());
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (ExampleProcess first = ExampleProcess.start("echo", "--port", "0")) {
            ExampleProcess.Result second = ExampleProcess.runToEnd(Map.of(), "echo", "--port",
                    String.valueOf(first.port()));
            assertEquals(1, second.exit());
            assertTrue(second.stderr().contains("cannot listen on 127.0.0.1:" + first.port()), second.stderr());
        }
    }
}

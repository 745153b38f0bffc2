package org.asynchat.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shaded jar as a user runs it, for every protocol example (echo has {@link EchoCliIT}):
 * {@code --help}, a bad flag, the ready line, one exchange, and a clean stop on SIGTERM.
 */
class CommandLineIT {

    @TempDir
    Path dir;

    @Test
    void helpListsEveryExample() throws Exception {
        ExampleProcess.Result r = ExampleProcess.runToEnd(Map.of(), "--help");
        assertEquals(0, r.exit(), r.stderr());
        for (String name : List.of("echo", "http", "resp", "smtp", "chat")) {
            assertTrue(r.stdout().contains("\n  " + name + " "), r.stdout());
        }
    }

    @Test
    void versionNamesTheBuildTheBackendAndTheJdk() throws Exception {
        ExampleProcess.Result r = ExampleProcess.runToEnd(Map.of("ASYNCHAT_BACKEND", "nio"), "--version");
        assertEquals(0, r.exit(), r.stderr());
        String[] lines = r.stdout().split("\n");
        assertEquals("asynchat " + System.getProperty("project.version"), lines[0], r.stdout());
        assertEquals("backend: nio", lines[1], "the backend chosen as at start (here by ASYNCHAT_BACKEND)");
        assertTrue(lines[2].startsWith("java: " + System.getProperty("java.version") + " ("), r.stdout());
        assertTrue(lines[3].startsWith("os: "), r.stdout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "resp", "smtp", "chat"})
    void helpAndBadFlags(String name) throws Exception {
        ExampleProcess.Result help = ExampleProcess.runToEnd(Map.of(), name, "--help");
        assertEquals(0, help.exit(), help.stderr());
        assertTrue(help.stdout().startsWith("usage: java -jar chat-examples.jar " + name), help.stdout());
        ExampleProcess.Result bad = ExampleProcess.runToEnd(Map.of(), name, "--no-such-flag", "1");
        assertEquals(2, bad.exit(), bad.stderr());
        assertTrue(bad.stderr().contains("unknown flag --no-such-flag"), bad.stderr());
    }

    @Test
    void badFlagValuesFoundByAnExampleExitWith2() throws Exception {
        ExampleProcess.Result r = ExampleProcess.runToEnd(Map.of(), "http", "--max-body", "lots");
        assertEquals(2, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("--max-body takes a size"), r.stderr());
        ExampleProcess.Result resp = ExampleProcess.runToEnd(Map.of(), "resp", "--max-bulk", "3g");
        assertEquals(2, resp.exit(), resp.stderr());
        assertTrue(resp.stderr().contains("--max-bulk may be at most"), resp.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "resp", "smtp", "chat"})
    void readyLineExchangeAndSigterm(String name) throws Exception {
        List<String> args = new ArrayList<>(List.of(name, "--port", "0"));
        if (name.equals("http")) {
            Files.writeString(dir.resolve("index.html"), "hi\n");
            args.addAll(List.of("--root", dir.toString()));
        } else if (name.equals("smtp")) {
            args.addAll(List.of("--spool", dir.resolve("spool").toString()));
        }
        try (ExampleProcess server = ExampleProcess.start(args.toArray(new String[0]))) {
            assertTrue(server.readyLine().startsWith("listening on 127.0.0.1:"), server.readyLine());
            try (TextClient c = new TextClient(server.port())) {
                exchange(name, c);
            }
            assertEquals(0, server.terminate(), "exit status after SIGTERM; stderr: " + server.stderr());
        }
    }

    private static void exchange(String name, TextClient c) throws IOException {
        switch (name) {
            case "http" -> assertEquals("HTTP/1.1 200 OK", c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").readLine());
            case "resp" -> assertEquals("+PONG", c.send("PING\r\n").readLine());
            case "smtp" -> {
                assertTrue(c.readLine().startsWith("220 "));
                assertTrue(c.send("EHLO t\r\n").readLine().startsWith("250-"));
            }
            case "chat" -> assertTrue(c.readLine().contains("nickname"));
            default -> throw new AssertionError(name);
        }
    }
}

package org.asynchat.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shaded jar as a user runs it, for every example: {@code --help}, a bad flag, the ready
 * line, one exchange, and a clean stop on SIGTERM. Runs after {@code package} (failsafe).
 */
class CommandLineIT {

    private static final Pattern READY = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(backend (\\w+)\\)");

    @TempDir
    Path dir;

    static List<String> java(String... args) {
        String jar = System.getProperty("examples.jar", "target/chat-examples.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void helpListsEveryExample() throws Exception {
        ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(30), java("--help"));
        assertEquals(0, r.exitCode(), r.describe());
        for (String name : List.of("echo", "http", "resp", "smtp", "chat")) {
            assertTrue(r.stdout().contains("\n  " + name + " "), r.stdout());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "http", "resp", "smtp", "chat"})
    void helpAndBadFlags(String name) throws Exception {
        ExternalClient.Result help = ExternalClient.run(Duration.ofSeconds(30), java(name, "--help"));
        assertEquals(0, help.exitCode(), help.describe());
        assertTrue(help.stdout().startsWith("usage: java -jar chat-examples.jar " + name), help.stdout());
        ExternalClient.Result bad = ExternalClient.run(Duration.ofSeconds(30), java(name, "--no-such-flag", "1"));
        assertEquals(2, bad.exitCode(), bad.describe());
        assertTrue(bad.stderr().contains("unknown flag --no-such-flag"), bad.stderr());
    }

    @Test
    void badFlagValuesExitWith2() throws Exception {
        ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(30), java("http", "--max-body", "lots"));
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("--max-body takes a size"), r.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "http", "resp", "smtp", "chat"})
    void readyLineExchangeAndSigterm(String name) throws Exception {
        List<String> command = java(name, "--port", "0");
        if (name.equals("http")) {
            Files.writeString(dir.resolve("index.html"), "hi\n");
            command.addAll(List.of("--root", dir.toString()));
        } else if (name.equals("smtp")) {
            command.addAll(List.of("--spool", dir.resolve("spool").toString()));
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            Matcher m = READY.matcher(String.valueOf(ready));
            assertTrue(m.matches(), "ready line: " + ready);
            int port = Integer.parseInt(m.group(1));
            try (TextClient c = new TextClient(port)) {
                exchange(name, c);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stopped after SIGTERM");
            assertEquals(0, p.exitValue(), "exit status after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }

    private static void exchange(String name, TextClient c) throws IOException {
        switch (name) {
            case "echo" -> assertEquals("ping", c.send("ping\n").readLine());
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

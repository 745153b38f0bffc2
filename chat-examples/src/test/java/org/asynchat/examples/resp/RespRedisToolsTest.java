package org.asynchat.examples.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.asynchat.examples.ExternalClient;
import org.asynchat.examples.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resp example as redis-cli and redis-benchmark see it. Skipped, saying so, without redis-tools. */
class RespRedisToolsTest {

    static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        server = RunningServer.start(new RespExample());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    ExternalClient.Result cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(server.port())));
        command.addAll(List.of(args));
        return ExternalClient.run(Duration.ofSeconds(20), command);
    }

    @Test
    void redisCli() throws Exception {
        ExternalClient.require("redis-cli", "apt-get install redis-tools");
        assertEquals("PONG\n", cli("PING").stdout());
        assertEquals("OK\n", cli("SET", "greeting", "hello world").stdout());
        assertEquals("hello world\n", cli("GET", "greeting").stdout());
        assertEquals("(integer) 1\n", cli("--no-raw", "INCR", "visits").stdout());
        assertEquals("(nil)\n", cli("--no-raw", "GET", "missing").stdout());
        assertEquals("(error) ERR value is not an integer or out of range\n", cli("--no-raw", "INCR", "greeting").stdout());
        // Interactive use reads commands from standard input, after its start-up questions.
        ExternalClient.Result session = ExternalClient.run(Duration.ofSeconds(20),
                List.of("redis-cli", "-p", String.valueOf(server.port())),
                "FLUSHALL\nMSET a 1 b 2\nMGET a b nope\nTTL a\nEXPIRE a 100\nTTL a\nDBSIZE\n");
        assertEquals(0, session.exitCode(), session.describe());
        assertEquals("OK\nOK\n1\n2\n\n-1\n1\n100\n2\n", session.stdout(), session.describe());
    }

    @Test
    void redisBenchmarkRunsWithoutErrors() throws Exception {
        ExternalClient.require("redis-benchmark", "apt-get install redis-tools");
        ExternalClient.Result r = ExternalClient.run(Duration.ofSeconds(90), List.of("redis-benchmark", "-p",
                String.valueOf(server.port()), "-t", "ping,set,get,incr,mset", "-n", "20000", "-q"));
        String out = r.stdout().replace('\r', '\n');
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(out.contains("Error") || r.stderr().contains("Error"), r.describe());
        for (String test : List.of("PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)")) {
            assertTrue(out.contains("\n" + test + ": ") && out.contains("requests per second"), test + " ran\n" + out);
        }
        System.out.println("redis-benchmark against resp (" + server.backend().name() + "):");
        out.lines().filter(l -> l.contains("requests per second")).forEach(l -> System.out.println("  " + l.strip()));
    }
}

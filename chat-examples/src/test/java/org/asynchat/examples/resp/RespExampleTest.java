package org.asynchat.examples.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.asynchat.examples.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resp example over raw sockets: commands, Redis's error wording, and protocol errors. */
class RespExampleTest {

    static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        server = RunningServer.start(new RespExample(), "--max-bulk", "1k");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @BeforeEach
    void flush() throws IOException {
        try (RespClient c = client()) {
            assertEquals("OK", c.call("FLUSHALL"));
        }
    }

    static RespClient client() throws IOException {
        return new RespClient(server.port());
    }

    static RespClient.Error error(String message) {
        return new RespClient.Error(message);
    }

    @Test
    void inlineAndMultiBulkCommands() throws IOException {
        try (RespClient c = client()) {
            c.socket.send("PING\r\n");
            assertEquals("PONG", c.read());
            c.socket.send("  echo   hello\n"); // as typed into nc: bare LF, extra spaces
            assertEquals("hello", c.read());
            c.socket.send("\r\n"); // an empty inline line is ignored
            assertEquals("PONG", c.call("ping"));
            assertEquals("hi", c.call("PING", "hi"));
        }
    }

    @Test
    void valuesAreBinarySafe() throws IOException {
        byte[] value = "a\r\nb\0c\r\n$3\r\n*1\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (RespClient c = client()) {
            assertEquals("OK", c.call("SET", "bin", value));
            assertEquals(new String(value, StandardCharsets.UTF_8), c.call("GET", "bin"));
            assertEquals((long) value.length, c.call("STRLEN", "bin"));
            assertEquals("OK", c.call("SET", "", ""));
            assertEquals("", c.call("GET", ""));
        }
    }

    @Test
    void stringsCountersAndMultiKeyCommands() throws IOException {
        try (RespClient c = client()) {
            assertNull(c.call("GET", "missing"));
            assertEquals(1L, c.call("INCR", "n"));
            assertEquals(11L, c.call("INCRBY", "n", "10"));
            assertEquals(10L, c.call("DECR", "n"));
            assertEquals(-5L, c.call("DECRBY", "n", "15"));
            assertEquals("OK", c.call("MSET", "a", "1", "b", "2"));
            assertEquals(List.of("1", "2"), c.call("MGET", "a", "b"));
            assertEquals(Arrays.asList("1", null, "2"), c.call("MGET", "a", "zz", "b"));
            assertEquals(3L, c.call("APPEND", "a", "23"));
            assertEquals("123", c.call("GET", "a"));
            assertEquals(2L, c.call("EXISTS", "a", "a", "nope"));
            assertEquals(3L, c.call("DBSIZE"));
            assertEquals(2L, c.call("DEL", "a", "b", "nope"));
            assertEquals(1L, c.call("DBSIZE"));
        }
    }

    @Test
    void setOptionsAndExpiry() throws IOException, InterruptedException {
        try (RespClient c = client()) {
            assertNull(c.call("SET", "k", "v", "XX"));
            assertEquals("OK", c.call("SET", "k", "v", "NX"));
            assertNull(c.call("SET", "k", "w", "NX"));
            assertEquals("v", c.call("SET", "k", "w", "GET"));
            assertEquals(-1L, c.call("TTL", "k"));
            assertEquals(-2L, c.call("TTL", "nope"));
            assertEquals("OK", c.call("SET", "k", "v", "EX", "100"));
            assertEquals(100L, c.call("TTL", "k"));
            assertEquals(1L, c.call("EXPIRE", "k", "50"));
            assertEquals(50L, c.call("TTL", "k"));
            assertEquals(0L, c.call("EXPIRE", "nope", "50"));
            assertEquals("OK", c.call("SET", "soon", "v", "PX", "30"));
            assertEquals(1L, c.call("INCR", "counter"));
            assertEquals(1L, c.call("PEXPIRE", "counter", "30"));
            Thread.sleep(250); // past both expiry times, and past a sweep of the key space
            assertNull(c.call("GET", "soon"));
            assertEquals(0L, c.call("EXISTS", "counter"));
            assertEquals(1L, c.call("DBSIZE"), "expired keys were swept");
            assertEquals(1L, c.call("EXPIRE", "k", "0"), "a time of zero deletes the key");
            assertEquals(0L, c.call("EXISTS", "k"));
        }
    }

    @Test
    void errorsUseRedissWording() throws IOException {
        try (RespClient c = client()) {
            assertEquals(error("ERR unknown command 'NOPE', with args beginning with: 'a' 'b' "), c.call("NOPE", "a", "b"));
            assertEquals(error("ERR wrong number of arguments for 'get' command"), c.call("GET"));
            assertEquals(error("ERR wrong number of arguments for 'mset' command"), c.call("MSET", "a", "1", "b"));
            assertEquals("OK", c.call("SET", "s", "text"));
            assertEquals(error("ERR value is not an integer or out of range"), c.call("INCR", "s"));
            assertEquals(error("ERR value is not an integer or out of range"), c.call("INCRBY", "n", "1.5"));
            assertEquals("OK", c.call("SET", "max", String.valueOf(Long.MAX_VALUE)));
            assertEquals(error("ERR increment or decrement would overflow"), c.call("INCR", "max"));
            assertEquals(error("ERR syntax error"), c.call("SET", "k", "v", "NX", "XX"));
            assertEquals(error("ERR syntax error"), c.call("SET", "k", "v", "EX"));
            assertEquals(error("ERR invalid expire time in 'set' command"), c.call("SET", "k", "v", "EX", "0"));
            assertEquals(error("ERR value is not an integer or out of range"), c.call("SET", "k", "v", "PX", "x"));
            assertEquals("PONG", c.call("PING"), "errors leave the connection usable");
        }
    }

    @Test
    void clientStartUpQuestions() throws IOException {
        try (RespClient c = client()) {
            assertEquals(List.of("save", "", "appendonly", "no"), c.call("CONFIG", "GET", "save", "appendonly"));
            assertEquals(List.of("maxmemory", "0"), c.call("CONFIG", "GET", "max*"));
            assertEquals(List.of(), c.call("CONFIG", "GET", "no-such-thing"));
            Object count = c.call("COMMAND", "COUNT");
            assertEquals((long) ((List<?>) c.call("COMMAND")).size(), count);
            List<?> get = (List<?>) ((List<?>) c.call("COMMAND", "INFO", "get")).get(0);
            assertEquals(List.of("get", 2L), get.subList(0, 2));
            assertEquals(List.of(), c.call("COMMAND", "DOCS"));
            assertEquals("OK", c.call("SELECT", "0"));
            assertEquals(error("ERR DB index is out of range"), c.call("SELECT", "1"));
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws IOException {
        try (RespClient c = client()) {
            var all = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 100; i++) {
                all.writeBytes(RespClient.encode("INCR", "p"));
            }
            c.socket.send(all.toByteArray());
            for (long i = 1; i <= 100; i++) {
                assertEquals(i, c.read());
            }
        }
    }

    @Test
    void quitAnswersThenCloses() throws IOException {
        try (RespClient c = client()) {
            assertEquals("OK", c.call("QUIT"));
            assertTrue(c.socket.closedByServer());
        }
    }

    void assertProtocolError(String input, String message) throws IOException {
        try (RespClient bad = client(); RespClient good = client()) {
            assertEquals("PONG", good.call("PING"));
            bad.socket.send(input);
            assertEquals(error("ERR Protocol error: " + message), bad.read());
            assertTrue(bad.socket.closedByServer(), "a protocol error closes the connection");
            assertEquals("OK", good.call("SET", "still", "here"), "other clients go on");
        }
    }

    @Test
    void badMultiBulkLength() throws IOException {
        assertProtocolError("*x\r\n", "invalid multibulk length");
        assertProtocolError("*2000000\r\n", "invalid multibulk length");
    }

    @Test
    void bulkOverMaxBulk() throws IOException {
        assertProtocolError("*2\r\n$3\r\nSET\r\n$1025\r\n", "invalid bulk length");
        assertProtocolError("*1\r\n$-5\r\n", "invalid bulk length");
    }

    @Test
    void missingDollarOrCrlf() throws IOException {
        assertProtocolError("*1\r\n:4\r\n", "expected '$', got ':'");
        assertProtocolError("*1\r\n$4\r\nPINGxx", "expected CRLF after a bulk string of 4 bytes");
    }

    @Test
    void inlineLineOver64KiB() throws IOException {
        assertProtocolError("SET k " + "v".repeat(70_000), "too big inline request");
    }

    @Test
    void valueAtTheLimitIsAccepted() throws IOException {
        try (RespClient c = client()) {
            String value = "x".repeat(1024);
            assertEquals("OK", c.call("SET", "k", value));
            assertEquals(value, c.call("GET", "k"));
            assertEquals(error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"), c.call("APPEND", "k", "y"));
        }
    }
}

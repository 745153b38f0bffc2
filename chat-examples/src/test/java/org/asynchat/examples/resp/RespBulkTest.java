package org.asynchat.examples.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.asynchat.examples.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bulk strings as they really arrive: larger than the array allocated up front (1 KiB), cut
 * into pieces that end anywhere, including between the CR and the LF after the value. The
 * pauses between pieces make the server read each piece on its own; the assertions hold
 * however the bytes are read.
 */
class RespBulkTest {

    static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        server = RunningServer.start(new RespExample());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aValueLargerThanTheEagerAllocationGrowsToItsExactSize() throws IOException {
        byte[] value = randomBytes(3 * 1024 * 1024 + 7, 1);
        try (RespClient c = new RespClient(server.port())) {
            assertEquals("OK", c.call("SET".getBytes(StandardCharsets.US_ASCII), "big".getBytes(StandardCharsets.US_ASCII),
                    value));
            assertEquals((long) value.length, c.call("STRLEN", "big"));
            c.socket.send(RespClient.encode("GET", "big"));
            assertEquals("$" + value.length, c.socket.readLine());
            assertTrue(Arrays.equals(value, Arrays.copyOf(c.socket.readBytes(value.length + 2), value.length)),
                    "the value comes back byte for byte");
        }
    }

    @Test
    void aCommandCutAtEveryPlaceOfItsTailIsReadTheSame() throws IOException, InterruptedException {
        byte[] value = randomBytes(70_000, 2);
        byte[] command = RespClient.encode("SET".getBytes(StandardCharsets.US_ASCII), "k".getBytes(StandardCharsets.US_ASCII),
                value);
        try (RespClient c = new RespClient(server.port())) {
            // Cut before and after each of the value's last byte, its CR and its LF.
            for (int cut = command.length - 4; cut < command.length; cut++) {
                c.socket.send(Arrays.copyOfRange(command, 0, cut));
                Thread.sleep(30);
                c.socket.send(Arrays.copyOfRange(command, cut, command.length));
                assertEquals("OK", c.read(), "cut at " + cut + " of " + command.length);
                assertEquals((long) value.length, c.call("STRLEN", "k"));
            }
        }
    }

    @Test
    void aBadByteAfterACrArrivingAloneIsAProtocolError() throws IOException, InterruptedException {
        try (RespClient bad = new RespClient(server.port()); RespClient good = new RespClient(server.port())) {
            bad.socket.send("*1\r\n$4\r\nPING\r");
            Thread.sleep(30);
            bad.socket.send("x");
            assertEquals(new RespClient.Error("ERR Protocol error: expected CRLF after a bulk string of 4 bytes"),
                    bad.read());
            assertTrue(bad.socket.closedByServer(), "a protocol error closes the connection");
            assertEquals("PONG", good.call("PING"), "other clients go on");
        }
    }
}

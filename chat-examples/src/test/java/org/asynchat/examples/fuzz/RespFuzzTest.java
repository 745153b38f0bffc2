package org.asynchat.examples.fuzz;

import static org.asynchat.examples.fuzz.Fuzzer.BACKENDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.asynchat.examples.RunningServer;
import org.asynchat.examples.resp.RespClient;
import org.asynchat.examples.resp.RespExample;
import org.asynchat.spi.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and mutated commands at the resp example (multi-bulk counts and lengths, inline
 * commands, bad numbers, binary values), while a well-formed client's keys, counters and
 * echoes keep their values.
 *
 * <p>The corpus leaves out FLUSHALL and FLUSHDB: the keyspace is shared, and a hostile client
 * may not wipe the witness's keys; everything else it may send.
 */
class RespFuzzTest {

    static final Corpus CORPUS = Corpus.of(List.of(
            "*1\r\n$4\r\nPING\r\n",
            "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n",
            "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nEX\r\n$3\r\n100\r\n"
                    + "*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nw\r\n$3\r\nGET\r\n",
            "SET counter 10\r\nINCRBY counter 5\r\nDECR counter\r\nINCR counter\r\nDECRBY counter 3\r\n",
            "PING\nECHO hello\nPING a b\n",
            "*3\r\n$6\r\nAPPEND\r\n$1\r\na\r\n$3\r\nxyz\r\n*2\r\n$6\r\nSTRLEN\r\n$1\r\na\r\n",
            "MSET a 1 b 2\r\nMGET a b c\r\nDEL a b\r\nEXISTS a b\r\n",
            "*3\r\n$6\r\nEXPIRE\r\n$1\r\nk\r\n$2\r\n10\r\n*2\r\n$3\r\nTTL\r\n$1\r\nk\r\n"
                    + "*3\r\n$7\r\nPEXPIRE\r\n$1\r\nk\r\n$5\r\n10000\r\n"
                    + "*2\r\n$4\r\nPTTL\r\n$1\r\nk\r\n",
            "CONFIG GET *\r\nCONFIG GET save maxmemory\r\nCOMMAND COUNT\r\nCOMMAND INFO get set nope\r\n"
                    + "COMMAND DOCS\r\n"
                    + "DBSIZE\r\nSELECT 0\r\nSELECT 1\r\n",
            "*2\r\n$4\r\nECHO\r\n$4\r\na\r\nb\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n",
            "*6\r\n$3\r\nSET\r\n$1\r\nn\r\n$2\r\n-5\r\n$2\r\nNX\r\n$2\r\nPX\r\n$4\r\n1500\r\n"
                    + "*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n",
            "*0\r\n*-1\r\n\r\nPING\r\n*1\r\n$4\r\nQUIT\r\n",
            "COMMAND\r\nNOSUCH arg1 arg2\r\n"),
            List.of("*", "$", "\r\n", "\n", "PING", "SET", "GET", "INCR", "INCRBY", "DECRBY", "APPEND", "EXPIRE",
                    "PEXPIRE", "TTL", "MSET", "MGET", "DEL", "EXISTS", "CONFIG", "COMMAND", "INFO", "EX", "PX", "NX",
                    "XX", "KEEPTTL", "ECHO", "SELECT", "QUIT", "*1\r\n", "*2\r\n", "*3\r\n", "$-1\r\n", "$0\r\n", "k",
                    " ", "\t", "-"));

    @ParameterizedTest(name = "resp on {0}")
    @MethodSource(BACKENDS)
    void hostileInputHarmsNoOtherClient(Backend backend) throws Exception {
        try (RunningServer server = RunningServer.start(new RespExample(), backend, FuzzSettings.serverFlags())) {
            Fuzzer.target("resp on " + backend.name(), server).corpus(CORPUS).wellFormed(WitnessClient::new).run();
        }
    }

    /**
     * Regression: a multi-bulk header claims more arguments than it sends. The channel sized its
     * argument array from the claim, some 4 MB for {@code *1048576} (the most Redis allows), so
     * a few hundred connections of ten bytes each could exhaust the heap. Found by reading the
     * parser while writing its corpus; replayed as 200 such clients at once, none sending more.
     */
    @ParameterizedTest(name = "resp on {0}")
    @MethodSource(BACKENDS)
    void claimedArgumentCountsCostNothingUntilTheArgumentsCome(Backend backend) throws Exception {
        FuzzCase claim = new FuzzCase(0, Bytes.ascii("*1048576\r\n$3\r\nSET\r\n"), FuzzCase.Delivery.WHOLE,
                FuzzCase.Ending.STALL, 0, 0, "a claim of 1048576 arguments, then one");
        try (RunningServer server = RunningServer.start(new RespExample(), backend, FuzzSettings.serverFlags())) {
            Fuzzer.target("resp on " + backend.name(), server).corpus(CORPUS).wellFormed(WitnessClient::new)
                    .replay("review of RespChannel.arrayHeaderRead", 200, claim);
            // The array still grows to hold every argument of a long command.
            try (RespClient resp = new RespClient(server.port())) {
                Object[] mset = new Object[1 + 2 * 1500];
                Object[] mget = new Object[1 + 1500];
                mset[0] = "MSET";
                mget[0] = "MGET";
                for (int i = 1; i <= 1500; i++) {
                    mset[2 * i - 1] = "many:" + i;
                    mset[2 * i] = "v" + i;
                    mget[i] = "many:" + i;
                }
                assertEquals("OK", resp.call(mset));
                List<?> values = (List<?>) resp.call(mget);
                assertEquals(1500, values.size());
                assertEquals("v1500", values.get(1499));
            }
        }
    }

    /**
     * Keys of its own (named by a random token nobody else can guess), a counter it tracks, and
     * echoes; sometimes several commands in one write.
     */
    static final class WitnessClient implements WellFormedClient {
        private final RespClient resp;
        private final String prefix;
        private long counter;

        WitnessClient(int port) throws IOException {
            resp = new RespClient(port);
            prefix = "witness:" + Payloads.token(new Random()) + ":";
        }

        @Override
        public void exchange(Random random) throws IOException {
            String key = prefix + Payloads.token(random);
            String value = Payloads.text(random, 1000);
            switch (random.nextInt(4)) {
                case 0 -> {
                    assertEquals("PONG", resp.call("PING"));
                    assertEquals(value, resp.call("ECHO", value));
                }
                case 1 -> {
                    assertEquals("OK", resp.call("SET", key, value));
                    assertEquals(value, resp.call("GET", key));
                    assertEquals((long) value.length() + 3, resp.call("APPEND", key, "xyz"));
                    assertEquals(Arrays.asList(value + "xyz", null), resp.call("MGET", key, key + ":missing"));
                    assertEquals(1L, resp.call("DEL", key));
                    assertEquals(0L, resp.call("EXISTS", key));
                }
                case 2 -> assertEquals(++counter, resp.call("INCR", prefix + "counter"));
                default -> {
                    // Pipelined: three commands in one write, the answers in order.
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(RespClient.encode("SET", key, value, "PX", "100000"));
                    out.writeBytes(RespClient.encode("GET", key));
                    out.writeBytes(RespClient.encode("PTTL", key));
                    resp.socket.send(out.toByteArray());
                    assertEquals("OK", resp.read());
                    assertEquals(value, resp.read());
                    long ttl = (Long) resp.read();
                    assertTrue(ttl > 0 && ttl <= 100_000, "PTTL " + ttl);
                }
            }
        }

        @Override
        public void close() throws IOException {
            resp.close();
        }
    }
}

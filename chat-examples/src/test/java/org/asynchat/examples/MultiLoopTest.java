package org.asynchat.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.asynchat.examples.chat.ChatExample;
import org.asynchat.examples.echo.EchoExample;
import org.asynchat.examples.http.HttpExample;
import org.asynchat.examples.resp.RespExample;
import org.asynchat.examples.smtp.SmtpExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples with --threads N: connections on several loops share one server's state. */
class MultiLoopTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--threads {0}")
    @ValueSource(ints = {2, 4})
    void chatLinesCrossLoopsWithNothingLostOrReordered(int threads) throws Exception {
        int members = 8;
        int lines = 100;
        try (RunningServer server = RunningServer.start(new ChatExample(), "--threads", String.valueOf(threads),
                "--max-queue", "1m")) {
            List<TextClient> clients = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                TextClient c = new TextClient(server.port());
                c.readLine(); // what is your nickname?
                c.send("m" + i + "\n");
                c.readLine(); // hello
                c.readLine(); // commands
                clients.add(c);
            }
            // Everyone has joined; drain the join notices of later members.
            for (int i = 0; i < members; i++) {
                for (int j = i + 1; j < members; j++) {
                    assertEquals("* m" + j + " has joined", clients.get(i).readLine());
                }
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(members * 2);
            try {
                List<Future<Map<String, Integer>>> heard = new ArrayList<>();
                for (int i = 0; i < members; i++) {
                    TextClient c = clients.get(i);
                    int id = i;
                    pool.submit(() -> {
                        go.await();
                        for (int n = 0; n < lines; n++) {
                            c.send("line " + n + " from " + id + "\n");
                        }
                        return null;
                    });
                    heard.add(pool.submit(() -> {
                        Map<String, Integer> next = new HashMap<>();
                        for (int k = 0; k < (members - 1) * lines; k++) {
                            String line = c.readLine(); // "<mS> line N from S"
                            String sender = line.substring(1, line.indexOf('>'));
                            int n = Integer.parseInt(line.split(" ")[2]);
                            int due = next.getOrDefault(sender, 0);
                            if (n != due) {
                                throw new AssertionError("m" + id + " got line " + n + " of " + sender + ", expected "
                                        + due + ": " + line);
                            }
                            next.put(sender, n + 1);
                        }
                        return next;
                    }));
                }
                go.countDown();
                for (Future<Map<String, Integer>> f : heard) {
                    Map<String, Integer> counts = f.get(60, TimeUnit.SECONDS);
                    assertEquals(members - 1, counts.size());
                    counts.values().forEach(c -> assertEquals(lines, c));
                }
            } finally {
                pool.shutdownNow();
                for (TextClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @ParameterizedTest(name = "--threads {0}")
    @ValueSource(ints = {2, 4})
    void respCommandsFromEveryLoopAreAtomic(int threads) throws Exception {
        int clients = 16;
        int increments = 300;
        try (RunningServer server = RunningServer.start(new RespExample(), "--threads", String.valueOf(threads))) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    work.add(pool.submit(() -> {
                        try (TextClient c = new TextClient(server.port())) {
                            StringBuilder batch = new StringBuilder();
                            for (int n = 0; n < increments; n++) {
                                batch.append("INCR counter\r\n");
                            }
                            c.send(batch.toString());
                            for (int n = 0; n < increments; n++) {
                                assertTrue(c.readLine().startsWith(":"));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            try (TextClient c = new TextClient(server.port())) {
                c.send("GET counter\r\n");
                assertEquals("$" + String.valueOf(clients * increments).length(), c.readLine());
                assertEquals(String.valueOf(clients * increments), c.readLine(), "no increment was lost");
            }
        }
    }

    @Test
    void everyExampleServesWithSeveralLoopsAndAListenerPerLoop() throws Exception {
        Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
        String[] threads = {"--threads", "2", "--reuse-port"};
        try (RunningServer s = RunningServer.start(new EchoExample(), threads)) {
            for (int i = 0; i < 6; i++) {
                try (TextClient c = new TextClient(s.port())) {
                    assertEquals("hello " + i, c.send("hello " + i + "\n").readLine());
                }
            }
        }
        try (RunningServer s = RunningServer.start(new HttpExample(), "--threads", "2", "--reuse-port", "--root",
                dir.toString()); TextClient c = new TextClient(s.port())) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK", c.readLine());
        }
        try (RunningServer s = RunningServer.start(new SmtpExample(), "--threads", "2", "--reuse-port", "--spool",
                dir.resolve("spool").toString()); TextClient c = new TextClient(s.port())) {
            assertTrue(c.readLine().startsWith("220 "));
        }
        try (RunningServer s = RunningServer.start(new RespExample(), threads); TextClient c = new TextClient(s.port())) {
            assertEquals("+PONG", c.send("PING\r\n").readLine());
        }
    }
}

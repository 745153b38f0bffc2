package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Out of file descriptors on accept ({@code EMFILE}): the loop backs off instead of spinning,
 * keeps serving the connections it has, logs once, and accepts again once descriptors are
 * free. The server runs in a child JVM whose descriptor limit is lowered with
 * {@code prlimit --pid} once it is up (Linux).
 */
public abstract class AcceptExhaustionCases extends ComplianceBase {

    private static final int CLIENTS = 12;
    /** Descriptors the child may open beyond those it has at the start. */
    private static final int HEADROOM = 4;

    @Test
    void outOfDescriptorsTheLoopBacksOffKeepsServingAndRecovers() throws Exception {
        Path prlimit = Path.of("/usr/bin/prlimit");
        if (!Files.isExecutable(prlimit) || !Files.isDirectory(Path.of("/proc/self/fd"))) {
            System.out.println("SKIPPED: needs Linux with /usr/bin/prlimit (util-linux) to lower a child's"
                    + " descriptor limit");
            Assumptions.assumeTrue(false, "no prlimit");
        }
        Process child = ChildJvm.java().start(EmfileServerMain.class, backend().getClass().getName());
        List<Socket> clients = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = readUntil(out, "ready ", log, child);
            Thread pump = new Thread(() -> pump(out, log), "child-output");
            pump.setDaemon(true);
            pump.start();
            int port = field(ready, "port");
            int limit = field(ready, "fds") + HEADROOM;
            run(prlimit.toString(), "--pid", Long.toString(child.pid()), "--nofile=" + limit + ":" + limit);

            for (int i = 0; i < CLIENTS; i++) {
                Socket s = new Socket(HOST, port); // completes in the kernel's backlog
                s.setSoTimeout(500); // a connection still in the backlog answers nothing
                clients.add(s);
            }
            List<Socket> served = new ArrayList<>();
            List<Socket> waiting = new ArrayList<>();
            for (Socket s : clients) {
                (echoes(s, "ping") ? served : waiting).add(s);
            }
            assertTrue(!served.isEmpty(), "some connections were accepted within the limit of " + limit);
            assertTrue(!waiting.isEmpty(), "the limit of " + limit + " descriptors stopped some accepts");

            Duration cpuBefore = cpu(child);
            Thread.sleep(2000);
            Duration used = cpu(child).minus(cpuBefore);
            System.out.println("ROBUSTNESS " + backend().name() + " EMFILE: " + served.size() + " of " + CLIENTS
                    + " connections served under a limit of " + limit + " descriptors; the server used "
                    + used.toMillis() + " ms of CPU in 2000 ms while " + waiting.size() + " waited in the backlog");
            assertTrue(used.toMillis() < 800, "a spinning loop uses a whole core; this one used " + used.toMillis()
                    + " ms of CPU in 2 s");
            for (Socket s : served) {
                assertTrue(echoes(s, "still here"), "existing connections are still served");
            }

            for (Socket s : served) {
                s.close(); // frees descriptors in the server
            }
            Socket next = waiting.get(0);
            next.setSoTimeout(5000);
            // Its "ping" waited in the socket; once accepted, it is answered first.
            byte[] first = next.getInputStream().readNBytes("ping\n".length());
            assertEquals("ping\n", new String(first, StandardCharsets.UTF_8), "accepting resumes once descriptors are free");
            assertTrue(echoes(next, "accepted at last"), "the late connection is served like any other");

            String text;
            synchronized (log) {
                text = log.toString();
            }
            assertEquals(1, count(text, "Pausing accepts"), "the exhaustion is logged once:\n" + text);
            assertTrue(text.contains("Too many open files"), text);
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            child.destroyForcibly();
        }
    }

    private static boolean echoes(Socket s, String text) throws IOException {
        s.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            byte[] back = s.getInputStream().readNBytes(text.length() + 1);
            return new String(back, StandardCharsets.UTF_8).equals(text + "\n");
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static String readUntil(BufferedReader out, String prefix, StringBuilder log, Process child)
            throws IOException, InterruptedException {
        String line;
        while ((line = out.readLine()) != null) {
            log.append(line).append('\n');
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        child.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the child ended (status " + (child.isAlive() ? "still alive" : child.exitValue())
                + ") before printing '" + prefix + "':\n" + log);
    }

    /** Copies the child's further output (its log) into {@code log} until it ends. */
    private static void pump(BufferedReader out, StringBuilder log) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the child was destroyed
        }
    }

    private static int field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return Integer.parseInt(part.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " in " + line);
    }

    private static Duration cpu(Process p) {
        return p.info().totalCpuDuration().orElseThrow(() -> new AssertionError("no CPU time for " + p.pid()));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), String.join(" ", command));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + output);
    }
}

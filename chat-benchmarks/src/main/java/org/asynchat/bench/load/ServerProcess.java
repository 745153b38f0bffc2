package org.asynchat.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One contender's server process: started from a command line in which {@code {port}} is
 * replaced by a free loopback port, optionally pinned to one core with {@code taskset}
 * (which execs the server, so the process id is the server's), ready when the port accepts
 * a connection, measured in CPU seconds from {@code /proc/PID/stat}, and stopped with SIGTERM,
 * then SIGKILL after five seconds.
 */
final class ServerProcess implements AutoCloseable {

    /** Clock ticks per second of {@code /proc/PID/stat} times ({@code getconf CLK_TCK}; 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    final String name;
    final int port;
    private final Process process;

    private ServerProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    static ServerProcess start(String name, String commandTemplate, List<String> pinning, Path log, long readyMillis)
            throws IOException, InterruptedException {
        int port = freePort();
        String command = commandTemplate.replace("{port}", Integer.toString(port));
        List<String> argv = new ArrayList<>(List.of("bash", "-c", "exec " + String.join(" ", pinning) + " " + command));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(name, port, p);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readyMillis);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + " before it was ready; its output is in " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new IOException(name + " did not accept connections on port " + port + " within " + readyMillis
                + " ms; its output is in " + log + " (command: " + command + ")");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    /** CPU time a process has used, in seconds: in user space and in the kernel on its behalf. */
    record CpuTime(double user, double system) {
        double total() {
            return user + system;
        }

        CpuTime since(CpuTime start) {
            return new CpuTime(user - start.user, system - start.system);
        }
    }

    /** The CPU time the server has used so far (fields 14 and 15 of {@code /proc/PID/stat}). */
    CpuTime cpuTime() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // Fields after the command name (which may hold spaces) start after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new CpuTime(Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}

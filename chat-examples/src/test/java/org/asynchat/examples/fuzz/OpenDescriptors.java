package org.asynchat.examples.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The sockets and files this process holds open, read from {@code /proc/self/fd} (Linux).
 *
 * <p>The server under test runs in this JVM, so each of its open channels holds one socket
 * descriptor here. Sockets opened after a snapshot and still open later are channels (or
 * clients) that were never closed: the fuzz run's leak check, which needs nothing from the
 * server but its port. It is stricter than counting the loop's channels, since a channel that
 * left its loop but kept its socket shows here too, and it works however many loops serve.
 */
final class OpenDescriptors {

    private static final Path FDS = Path.of("/proc/self/fd");
    private static final String[] TCP_TABLES = {"/proc/net/tcp", "/proc/net/tcp6"};
    private static final String[] TCP_STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

    private OpenDescriptors() {
    }

    /**
     * Tells whether this system shows a process its descriptors.
     *
     * @return true on Linux
     */
    static boolean available() {
        return Files.isDirectory(FDS);
    }

    /**
     * Returns the sockets open now, as {@code socket:[inode]} names.
     *
     * @return the sockets
     */
    static Set<String> sockets() {
        Set<String> sockets = new TreeSet<>();
        for (String target : targets()) {
            if (target.startsWith("socket:[")) {
                sockets.add(target);
            }
        }
        return sockets;
    }

    /**
     * Returns the files open now under a directory.
     *
     * @param directory the directory, for example the http root or the smtp spool
     * @return their paths
     */
    static List<String> filesUnder(Path directory) {
        String prefix = directory.toAbsolutePath().normalize().toString() + "/";
        List<String> files = new ArrayList<>();
        for (String target : targets()) {
            if (target.startsWith(prefix)) {
                files.add(target);
            }
        }
        return files;
    }

    /** The link target of every descriptor; an {@link UncheckedIOException} if none is left to list them. */
    private static List<String> targets() {
        List<String> targets = new ArrayList<>();
        try (Stream<Path> fds = Files.list(FDS)) {
            fds.forEach(fd -> {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException closedMeanwhile) {
                    // closed between listing and reading: not open
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + FDS, e);
        }
        return targets;
    }

    /**
     * Describes sockets by their TCP endpoints and state, where the kernel still lists them
     * (a socket that was reset is no longer in the table, but its descriptor is still open).
     *
     * @param sockets {@code socket:[inode]} names
     * @return one line each, for example {@code socket:[123] 127.0.0.1:4000 <-> :51234 CLOSE_WAIT}
     */
    static List<String> describe(Set<String> sockets) {
        Map<String, String> byInode = tcpTable();
        List<String> lines = new ArrayList<>();
        for (String s : sockets) {
            String inode = s.substring("socket:[".length(), s.length() - 1);
            lines.add(s + " " + byInode.getOrDefault(inode, "(not in the TCP table: reset, or not TCP)"));
        }
        return lines;
    }

    /**
     * Returns the remote port of each socket the kernel lists: for a server-side socket, the
     * client's port, which names the fuzz case that opened it.
     *
     * @param sockets {@code socket:[inode]} names
     * @return remote ports, for those found
     */
    static List<Integer> remotePorts(Set<String> sockets) {
        List<Integer> ports = new ArrayList<>();
        Map<String, String> byInode = tcpTable();
        for (String s : sockets) {
            String entry = byInode.get(s.substring("socket:[".length(), s.length() - 1));
            if (entry != null) {
                ports.add(Integer.parseInt(entry.substring(entry.indexOf("<-> :") + 5, entry.lastIndexOf(' '))));
            }
        }
        return ports;
    }

    /** Inode to "local-port <-> :remote-port STATE", from the kernel's TCP tables. */
    private static Map<String, String> tcpTable() {
        Map<String, String> byInode = new HashMap<>();
        for (String table : TCP_TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue; // no IPv6, say
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9) {
                    int state = Integer.parseInt(f[3], 16);
                    byInode.put(f[9], "port " + port(f[1]) + " <-> :" + port(f[2]) + " "
                            + (state < TCP_STATES.length ? TCP_STATES[state] : f[3]));
                }
            }
        }
        return byInode;
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
    }
}

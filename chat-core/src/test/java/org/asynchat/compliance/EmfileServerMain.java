package org.asynchat.compliance;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.asynchat.EventLoop;
import org.asynchat.spi.Backend;

/**
 * A child JVM's main for {@link AcceptExhaustionCases}: a line echo server on the backend
 * named by class in its argument. Before it reports ready it loads every class of asynchat and
 * of the backend and serves one connection, because loading a class from a directory opens a
 * file, which an exhausted process cannot; then it prints {@code ready port=P fds=N} and
 * serves until killed.
 */
public final class EmfileServerMain {

    private EmfileServerMain() {
    }

    /**
     * Runs the server.
     *
     * @param args the backend's class name
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        Backend backend = (Backend) Class.forName(args[0]).getConstructor().newInstance();
        preload(EventLoop.class);
        preload(backend.getClass());
        preload(EmfileServerMain.class);
        EventLoop loop = new EventLoop(backend);
        ComplianceBase.Server server = ComplianceBase.listen(loop, ComplianceBase.LineEcho::new);
        int port = server.port();
        loop.start();
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("warm\n".getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            in.readNBytes(5);
        }
        Thread.sleep(200); // the warm-up connection's server side closes
        System.out.println("ready port=" + port + " fds=" + openFds());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static int openFds() throws IOException {
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
            return (int) list.count() - 1; // less the descriptor of the listing itself
        }
    }

    /** Loads every class in the directory or jar that holds {@code anchor}. */
    private static void preload(Class<?> anchor) throws IOException, URISyntaxException {
        Path source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader loader = anchor.getClassLoader();
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.walk(source)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = source.relativize(f).toString();
                    load(loader, name);
                }
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                jar.stream().forEach(e -> load(loader, e.getName()));
            }
        }
    }

    private static void load(ClassLoader loader, String resource) {
        if (!resource.endsWith(".class") || resource.contains("module-info")) {
            return;
        }
        String name = resource.substring(0, resource.length() - ".class".length()).replace(File.separatorChar, '.')
                .replace('/', '.');
        try {
            Class.forName(name, false, loader); // loaded, not initialised: some need their library first
        } catch (Throwable skipped) {
            // a class that cannot initialise here (a missing optional dependency) is not needed
        }
    }
}

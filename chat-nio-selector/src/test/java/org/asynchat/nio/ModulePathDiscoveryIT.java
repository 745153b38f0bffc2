package org.asynchat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.asynchat.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jars work on the module path: a small application module that only
 * {@code requires org.asynchat} finds the nio backend through {@code module-info}'s
 * {@code uses}/{@code provides}, not through the class path's META-INF/services.
 */
class ModulePathDiscoveryIT {

    @TempDir
    Path tmp;

    private static Path jarOf(Class<?> type) throws Exception {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void anApplicationModuleFindsTheNioBackend() throws Exception {
        String version = System.getProperty("project.version");
        Path nioJar = Path.of(System.getProperty("project.build.directory"), "chat-nio-selector-" + version + ".jar");
        assertTrue(Files.isRegularFile(nioJar), "the module's jar is built before integration tests: " + nioJar);
        Path coreJar = jarOf(EventLoop.class);
        // By name: this module does not read org.slf4j (the nio backend never logs), so the
        // class literal would not link here; chat-core needs the jar on the module path.
        Path slf4jJar = jarOf(Class.forName("org.slf4j.Logger"));

        Path src = tmp.resolve("src/probe");
        Files.createDirectories(src.resolve("probe"));
        Files.writeString(src.resolve("module-info.java"), "module probe { requires org.asynchat; }\n");
        Files.writeString(src.resolve("probe/Main.java"), """
                package probe;
                public class Main {
                    public static void main(String[] args) {
                        try (org.asynchat.EventLoop loop = new org.asynchat.EventLoop()) {
                            System.out.println("backend=" + loop.backend().name()
                                    + " module=" + loop.backend().getClass().getModule().getName());
                        }
                    }
                }
                """);
        Path out = tmp.resolve("out");
        String modulePath = coreJar + File.pathSeparator + nioJar + File.pathSeparator + slf4jJar;
        String compiled = run(tool("javac"), "--module-path", modulePath, "-d", out.toString(),
                src.resolve("module-info.java").toString(), src.resolve("probe/Main.java").toString());
        assertEquals("", compiled.strip(), "the probe module compiles against org.asynchat");

        String output = run(tool("java"), "--module-path", modulePath + File.pathSeparator + out,
                "--add-modules", "org.asynchat.nio", "-m", "probe/probe.Main");
        assertTrue(output.contains("backend=nio module=org.asynchat.nio"), output);
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** Runs a JDK tool and returns its output; fails on a non-zero exit. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished: " + String.join(" ", command));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}

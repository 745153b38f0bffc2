package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.asynchat.EventLoop;
import org.asynchat.compliance.ChildJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Granting native access, with the exact flags the README gives: loading the JNI library calls
 * {@code System.load}, a restricted method, and JDK 24 and later print a four-line warning on
 * every start unless the caller's module has native access. On the class path the flag is
 * {@code --enable-native-access=ALL-UNNAMED}; on the module path it names this module,
 * {@code --enable-native-access=org.asynchat.epoll}. JDK 17 accepts both flags and prints nothing.
 */
class NativeAccessTest {

    private static final String WARNING = "WARNING: A restricted method";
    /** The JDKs that warn about JNI without native access (JEP 472). */
    private static final boolean JDK_WARNS = Runtime.version().feature() >= 24;

    @BeforeEach
    void requireNative() {
        NativeTestSupport.requireNative();
    }

    @Test
    void onTheClassPathAllUnnamedSilencesTheWarning() throws Exception {
        List<String> classPath = List.of("-cp", String.join(File.pathSeparator, ChildJvm.testClassPath()),
                SelectBackendMain.class.getName());
        String granted = run(with("--enable-native-access=ALL-UNNAMED", classPath));
        assertTrue(granted.contains("backend=epoll\nlibasynchat-epoll mapped=true"), granted);
        assertFalse(granted.contains(WARNING), granted);
        if (JDK_WARNS) {
            String plain = run(classPath);
            assertTrue(plain.contains(WARNING), "without the flag this JDK warns, so the check above means"
                    + " something: " + plain);
        }
    }

    @Test
    void onTheModulePathTheModuleNameSilencesTheWarning() throws Exception {
        // The probe's main runs inside org.asynchat.epoll (patched in from the test classes), so
        // only the four modules an application needs are on the module path.
        List<String> modulePath = List.of(
                "--module-path", String.join(File.pathSeparator, location(EventLoop.class),
                        location(EpollBackend.class), location(org.slf4j.Logger.class),
                        location(Class.forName("org.slf4j.simple.SimpleLogger"))),
                "--patch-module", "org.asynchat.epoll=" + location(SelectBackendMain.class),
                "-m", "org.asynchat.epoll/" + SelectBackendMain.class.getName());
        String granted = run(with("--enable-native-access=org.asynchat.epoll", modulePath));
        assertTrue(granted.contains("backend=epoll\nlibasynchat-epoll mapped=true"), granted);
        assertFalse(granted.contains(WARNING), granted);
        if (JDK_WARNS) {
            String plain = run(modulePath);
            assertTrue(plain.contains(WARNING) && plain.contains("module org.asynchat.epoll"),
                    "without the flag this JDK warns, naming the module: " + plain);
        }
    }

    private static List<String> with(String option, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(option);
        all.addAll(rest);
        return all;
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Runs a child JVM with these arguments; returns its output (stdout and stderr). */
    private static String run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx64m");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("ASYNCHAT_BACKEND");
        Process p = builder.start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM ended: " + output);
            assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + output);
            return output;
        } finally {
            p.destroyForcibly();
        }
    }
}

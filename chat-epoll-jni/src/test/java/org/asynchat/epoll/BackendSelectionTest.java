package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.asynchat.compliance.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Choosing the backend at deploy time, each case in a fresh JVM: by default the best available
 * (epoll on Linux), by system property, by environment variable (the property wins), and the
 * fallback to nio, with the reason, where the epoll library cannot load.
 */
class BackendSelectionTest {

    @BeforeEach
    void requireNative() {
        NativeTestSupport.requireNative();
    }

    @Test
    void withNothingSetLinuxPicksEpoll() throws Exception {
        ChildJvm.Result r = ChildJvm.java().run(SelectBackendMain.class);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("backend=epoll"), r.output());
        assertTrue(r.output().contains("asynchat backend: epoll (the highest-priority available backend)"), r.output());
    }

    @Test
    void theSystemPropertyChoosesNio() throws Exception {
        ChildJvm.Result r = ChildJvm.java().property("asynchat.backend", "nio").run(SelectBackendMain.class);
        assertTrue(r.output().contains("backend=nio"), r.output());
        assertTrue(r.output().contains("asked for by system property asynchat.backend"), r.output());
    }

    @Test
    void namingNioNeverLoadsTheNativeLibrary() throws Exception {
        ChildJvm.Result byProperty = ChildJvm.java().property("asynchat.backend", "nio").run(SelectBackendMain.class);
        assertTrue(byProperty.output().contains("backend=nio\nlibasynchat-epoll mapped=false"), byProperty.output());
        ChildJvm.Result byEnvironment = ChildJvm.java().env("ASYNCHAT_BACKEND", "nio").run(SelectBackendMain.class);
        assertTrue(byEnvironment.output().contains("backend=nio\nlibasynchat-epoll mapped=false"),
                byEnvironment.output());
        ChildJvm.Result byDefault = ChildJvm.java().run(SelectBackendMain.class);
        assertTrue(byDefault.output().contains("backend=epoll\nlibasynchat-epoll mapped=true"),
                "the probe sees the library where epoll is chosen: " + byDefault.output());
    }

    @Test
    void theEnvironmentVariableChoosesEitherBackend() throws Exception {
        ChildJvm.Result nio = ChildJvm.java().env("ASYNCHAT_BACKEND", "nio").run(SelectBackendMain.class);
        assertTrue(nio.output().contains("backend=nio"), nio.output());
        ChildJvm.Result epoll = ChildJvm.java().env("ASYNCHAT_BACKEND", "epoll").run(SelectBackendMain.class);
        assertTrue(epoll.output().contains("backend=epoll"), epoll.output());
        assertTrue(epoll.output().contains("asked for by environment variable ASYNCHAT_BACKEND"), epoll.output());
    }

    @Test
    void thePropertyWinsOverTheEnvironmentVariable() throws Exception {
        ChildJvm.Result r = ChildJvm.java().env("ASYNCHAT_BACKEND", "nio").property("asynchat.backend", "epoll")
                .run(SelectBackendMain.class);
        assertTrue(r.output().contains("backend=epoll"), r.output());
    }

    @Test
    void withoutTheLibraryDiscoveryFallsBackToNioAndSaysWhy(@TempDir Path tmp) throws Exception {
        ChildJvm.Result r = ChildJvm.java().classPath(classPathWithoutLibrary(tmp)).run(SelectBackendMain.class,
                "describe");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("backend=nio"), r.output());
        assertTrue(r.output().contains("epoll unavailable: no libasynchat-epoll.so on java.library.path"), r.output());
    }

    @Test
    void askingForEpollWhereItCannotLoadFailsAtStartWithTheReason(@TempDir Path tmp) throws Exception {
        ChildJvm.Result r = ChildJvm.java().classPath(classPathWithoutLibrary(tmp))
                .property("asynchat.backend", "epoll").run(SelectBackendMain.class);
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("error=asynchat backend 'epoll' (asked for by system property asynchat.backend)"
                + " is not available here: no libasynchat-epoll.so on java.library.path"), r.output());
        assertTrue(r.output().contains("it was built without gcc"), r.output());
    }

    /**
     * This test's class path with chat-epoll-jni's classes copied without the native library:
     * what a jar built without gcc looks like.
     */
    static List<String> classPathWithoutLibrary(Path tmp) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : ChildJvm.testClassPath()) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path.resolve("META-INF/native"))) {
                Path copy = tmp.resolve("classes-without-library");
                copyTree(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path relative = from.relativize(p);
                if (relative.startsWith("META-INF/native")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}

package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.asynchat.compliance.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading the native library: the reasons a user reads when it cannot be used, each from a
 * fresh JVM (a JVM loads a library once).
 */
class NativeLibraryTest {

    @BeforeEach
    void requireNative() {
        NativeTestSupport.requireNative();
    }

    @Test
    void inThisJvmTheLibraryLoadsFromTheJarWithTheMatchingAbi() {
        assertTrue(Epoll.isAvailable(), Epoll.reason());
        assertEquals("available", new EpollBackend().availability().reason());
    }

    @Test
    void aLibraryFromAnotherBuildIsRefusedWithBothVersions() throws Exception {
        Path dir = Path.of(System.getProperty("asynchat.epoll.test.abiMismatchDir"));
        assertTrue(Files.isRegularFile(dir.resolve("libasynchat-epoll.so")),
                "the build compiles the ABI-mismatch library into " + dir);
        ChildJvm.Result r = ChildJvm.java().property("java.library.path", dir.toString())
                .run(SelectBackendMain.class, "describe");
        String expected = dir.resolve("libasynchat-epoll.so") + " has ABI version 999, but this chat-epoll-jni"
                + " expects version " + NativeLibrary.ABI_VERSION + ": the library comes from another build."
                + " Remove it from java.library.path";
        assertTrue(r.output().contains("epoll=Availability[available=false, reason=" + expected), r.output());
        assertTrue(r.output().contains("backend=nio"), "discovery falls back to nio: " + r.output());
    }

    @Test
    void aJarWithoutTheLibrarySaysHowItWasBuilt(@TempDir Path tmp) throws Exception {
        ChildJvm.Result r = ChildJvm.java().classPath(BackendSelectionTest.classPathWithoutLibrary(tmp))
                .run(SelectBackendMain.class, "describe");
        assertTrue(r.output().contains("epoll=Availability[available=false, reason=no libasynchat-epoll.so on"
                + " java.library.path, and chat-epoll-jni has no META-INF/native/linux-x86_64/libasynchat-epoll.so"
                + " (it was built without gcc, or for another platform than linux-x86_64). Build chat-epoll-jni on"
                + " linux-x86_64 with gcc, or use the nio backend]"), r.output());
    }

    @Test
    void theExtractedLibraryIsDeletedOnceLoaded() throws Exception {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            long left = files.filter(p -> p.getFileName().toString().startsWith("libasynchat-epoll-")).count();
            assertEquals(0, left, "no extracted copy is left in java.io.tmpdir");
        }
    }
}

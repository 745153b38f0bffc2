package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The loader picks the library of the architecture this JVM runs on. In the qemu-aarch64
 * profile (an emulated aarch64 JVM) that must be linux-aarch64, and it must load: the check
 * that the cross-built library works, before the compliance suite runs on it.
 */
class RunningArchitectureTest {

    @Test
    void theLibraryOfThisJvmsArchitectureLoads() {
        NativeTestSupport.requireNative();
        String platform = NativeLibrary.platform();
        System.out.println("RUNNING os.arch=" + System.getProperty("os.arch") + " platform=" + platform
                + " java.vm=" + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + ": epoll " + Epoll.reason());
        String expected = System.getProperty("asynchat.epoll.test.expectedArch");
        if (expected != null) {
            assertEquals("linux-" + expected, platform, "this JVM runs on " + expected);
        }
        assertTrue(Epoll.isAvailable(), Epoll.reason());
    }
}

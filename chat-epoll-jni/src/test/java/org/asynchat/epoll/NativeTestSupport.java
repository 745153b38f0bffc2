package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.asynchat.spi.Backend;

/**
 * What the native tests share: the decision to run or skip, and the backend under test.
 *
 * <p>The Maven profile that compiles the library sets {@code asynchat.epoll.test.nativeBuilt}
 * to true. Then the library must load: a test that cannot load it fails, never skips. Without
 * a native profile (not Linux x86-64 or aarch64, or no gcc) the tests skip and print why.
 */
final class NativeTestSupport {

    static final boolean NATIVE_BUILT = Boolean.getBoolean("asynchat.epoll.test.nativeBuilt");

    private NativeTestSupport() {
    }

    /** Skips (printing why) where the library was not built; fails where it was but does not load. */
    static void requireNative() {
        if (!NATIVE_BUILT) {
            String why = "SKIPPED: the epoll native library was not built here (os.name="
                    + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                    + "; the Maven profiles native-linux-x86_64 and native-linux-aarch64 build it on Linux amd64"
                    + " or aarch64 where /usr/bin/gcc exists)";
            System.out.println(why);
            assumeTrue(false, why);
        }
        assertTrue(Epoll.isAvailable(), () -> "the native library was built but does not load: " + Epoll.reason());
    }

    /** The epoll backend, after {@link #requireNative()}. */
    static Backend epoll() {
        requireNative();
        return new EpollBackend();
    }

    /** The number of open file descriptors of this process. */
    static int openFds() throws IOException {
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            return (int) list.count() - 1; // less the descriptor of the listing itself
        }
    }
}

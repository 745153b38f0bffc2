package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native libraries packed into the jar, one per architecture the loader knows, checked
 * from their bytes at build time: each is a shared library for its architecture, exports the
 * JNI entry points of {@link Native} and {@link NativeLibrary} and nothing else (so the Java
 * and C sides agree on every name, and {@code -fvisibility=hidden} hides the rest), and needs
 * only the C library. This is how the aarch64 library is checked on an x86-64 build machine,
 * where it cannot be loaded.
 */
class BundledLibrariesTest {

    /** The architecture the native profile compiled with the machine's own gcc, or "none". */
    private static final String HOST_ARCH = System.getProperty("asynchat.epoll.test.hostArch", "none");

    @ParameterizedTest(name = "linux-{0}")
    @CsvSource({"x86_64, " + ElfLibrary.EM_X86_64, "aarch64, " + ElfLibrary.EM_AARCH64})
    void theLibraryIsForItsArchitectureAndExportsExactlyTheJniEntryPoints(String arch, int machine)
            throws Exception {
        String resource = NativeLibrary.resource("linux-" + arch, System.mapLibraryName(NativeLibrary.NAME));
        URL url = NativeLibrary.class.getResource("/" + resource);
        if (url == null) {
            requireAbsenceIsExpected(arch, resource);
            return;
        }
        ElfLibrary library = ElfLibrary.read(Path.of(url.toURI()));
        System.out.println("BUNDLED " + resource + ": e_machine " + library.machine() + ", exports "
                + library.exported().size() + " symbols, needs " + library.needed());
        assertEquals(ElfLibrary.ET_DYN, library.type(), resource + " is a shared library (e_type ET_DYN)");
        assertEquals(machine, library.machine(), resource + " is built for linux-" + arch + " (e_machine)");
        assertEquals(jniEntryPoints(), library.exported(), resource + " exports exactly the JNI entry points"
                + " of Native and NativeLibrary (a name missing here is a native method the C side lacks,"
                + " an extra one a C function that should be static or hidden)");
        assertEquals(List.of("libc.so.6"), library.needed(), resource + " needs nothing but the C library");
    }

    /** A missing library fails where this build could have compiled it, else skips saying why. */
    private static void requireAbsenceIsExpected(String arch, String resource) {
        if (arch.equals(HOST_ARCH)) {
            fail("the native profile compiled the linux-" + arch + " library with gcc, but " + resource
                    + " is not on the class path");
        }
        String crossCompiler = arch + "-linux-gnu-gcc";
        if (!HOST_ARCH.equals("none") && onPath(crossCompiler)) {
            fail(crossCompiler + " is on the PATH, so the build should have compiled " + resource
                    + "; see the compile-native-libraries output of chat-epoll-jni");
        }
        String why = "SKIPPED: the jar has no " + resource + ": "
                + (HOST_ARCH.equals("none")
                        ? "no native profile was active (not Linux x86-64/aarch64 with /usr/bin/gcc)"
                        : crossCompiler + " is not on the PATH (Debian: apt-get install gcc-aarch64-linux-gnu"
                                + " libc6-dev-arm64-cross)");
        System.out.println(why);
        assumeTrue(false, why);
    }

    /** {@code JNI_OnLoad} and the short JNI name of every native method of this module. */
    private static Set<String> jniEntryPoints() {
        Set<String> names = new TreeSet<>();
        names.add("JNI_OnLoad");
        for (Class<?> type : List.of(Native.class, NativeLibrary.class)) {
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isNative(m.getModifiers())) {
                    assertTrue(m.getName().chars().allMatch(Character::isLetterOrDigit), m + ": only a name of"
                            + " letters and digits has this plain JNI name (JNI escapes '_' and others)");
                    String name = "Java_" + type.getName().replace('.', '_') + "_" + m.getName();
                    if (!names.add(name)) {
                        fail(m.getName() + " is overloaded: JNI would need the long, signature-mangled name");
                    }
                }
            }
        }
        return names;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}

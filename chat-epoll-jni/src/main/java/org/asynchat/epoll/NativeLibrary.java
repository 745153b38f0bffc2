package org.asynchat.epoll;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and loads {@code libasynchat-epoll.so}, then checks that it was built for this Java
 * code (Netty's {@code NativeLibraryLoader}, reduced to what one library needs).
 *
 * <p>Order: a {@code libasynchat-epoll.so} in a folder of {@code java.library.path} (for
 * deployments that install the library themselves), else the copy in this module's jar under
 * {@code META-INF/native/linux-x86_64/}, extracted to a private temporary file (owner-only,
 * in {@code java.io.tmpdir}), loaded, and deleted at once: Linux keeps a loaded library mapped
 * after its file is gone, so nothing is left behind even when the JVM is killed.
 */
final class NativeLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);

    /**
     * The contract between this Java code and the C library: bump it whenever a native
     * method's signature or meaning changes. javac -h copies it into the C header, so a
     * library reports the version of the Java code it was compiled against.
     */
    static final int ABI_VERSION = 1;

    /** The base name of the library, as in {@code System.mapLibraryName}. */
    static final String NAME = "asynchat-epoll";

    /**
     * The ABI version the loaded library reported, or null before a library was loaded (or if
     * none could be). Written once by {@link #load()} (run by {@link Epoll}'s class
     * initialisation), read by {@link EpollDiagnostics}.
     */
    private static volatile Integer abiVersionSeen;

    /**
     * Whether this module had native access just before the first {@code System.load}: true or
     * false on JDK 22+, null before (no such check) or before a load was tried. Read then because
     * JDK 24+, after warning about a restricted call, grants the module native access so as to
     * warn once: asked afterwards, {@link Module#isNativeAccessEnabled()} is always true.
     */
    private static volatile Boolean nativeAccessAtLoad;

    private NativeLibrary() {
    }

    /**
     * Loads the library and checks its ABI version.
     *
     * @throws UnsupportedOperationException on an OS or architecture there is no library for
     * @throws UnsatisfiedLinkError if the library cannot be found, loaded, or does not match
     */
    static void load() {
        String platform = platform();
        String file = System.mapLibraryName(NAME);
        String loadedFrom = loadFromLibraryPath(platform, file);
        if (loadedFrom == null) {
            loadedFrom = loadFromJar(platform, file);
        }
        int abi = abiVersion0();
        abiVersionSeen = abi;
        if (abi != ABI_VERSION) {
            throw new UnsatisfiedLinkError(loadedFrom + " has ABI version " + abi + ", but this chat-epoll-jni"
                    + " expects version " + ABI_VERSION + ": the library comes from another build. Remove it from"
                    + " java.library.path, or replace it with the one in this chat-epoll-jni jar ("
                    + resource(platform, file) + ")");
        }
        LOG.debug("loaded {} (ABI version {})", loadedFrom, abi);
    }

    /** The platform folder name, for example {@code linux-x86_64}. */
    static String platform() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw new UnsupportedOperationException("epoll is Linux-only (os.name is " + os + ")");
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return "linux-" + switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    static String resource(String platform, String file) {
        return "META-INF/native/" + platform + "/" + file;
    }

    /** The library's file name, {@code libasynchat-epoll.so}. */
    static String fileName() {
        return System.mapLibraryName(NAME);
    }

    /** The first {@code file} in a folder of java.library.path, as {@link #load()} finds it, or null. */
    static Path onLibraryPath(String file) {
        for (String dir : System.getProperty("java.library.path", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, file);
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    /** The library for a platform in this module's jar (or classes folder), or null if it has none. */
    static URL bundled(String platform, String file) {
        return NativeLibrary.class.getResource("/" + resource(platform, file));
    }

    /** Whether native access was granted when the library was loaded; null if unknown (see the field). */
    static Boolean nativeAccessAtLoad() {
        return nativeAccessAtLoad;
    }

    /**
     * Whether this module has native access now: {@code Module.isNativeAccessEnabled()}, a JDK 22
     * method called reflectively (this code is compiled for 17); null where the JDK has no such
     * check, or it fails.
     */
    static Boolean nativeAccessEnabled() {
        try {
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(NativeLibrary.class.getModule());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Loads a library file, noting first whether this module has native access (see the field). */
    private static void systemLoad(String path) {
        if (nativeAccessAtLoad == null) {
            nativeAccessAtLoad = nativeAccessEnabled();
        }
        System.load(path);
    }

    /** The ABI version the loaded library reported, or null if none was loaded. */
    static Integer abiVersionSeen() {
        return abiVersionSeen;
    }

    /** Loads the library from a folder of java.library.path; returns where, or null. */
    private static String loadFromLibraryPath(String platform, String file) {
        Path candidate = onLibraryPath(file);
        if (candidate == null) {
            return null;
        }
        String path = candidate.toString();
        try {
            systemLoad(path);
        } catch (UnsatisfiedLinkError e) {
            // Another architecture's build, a damaged copy, a library it needs missing: the JDK
            // says which; what to do is the same.
            UnsatisfiedLinkError error = new UnsatisfiedLinkError("cannot load " + path + " (found on"
                    + " java.library.path): " + dlerror(path, e) + ". Remove it from java.library.path, or replace it"
                    + " with the one in this chat-epoll-jni jar (" + resource(platform, file) + ")");
            error.initCause(e);
            throw error;
        }
        return path;
    }

    /** Extracts the library from the jar to a private temporary file, loads it, deletes it. */
    private static String loadFromJar(String platform, String file) {
        String resource = resource(platform, file);
        Path tmp = null;
        try (InputStream in = NativeLibrary.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("no " + file + " on java.library.path, and chat-epoll-jni has no "
                        + resource + " (it was built without gcc, or for another platform than " + platform
                        + "). Build chat-epoll-jni on " + platform + " with gcc, or use the nio backend");
            }
            tmp = Files.createTempFile("lib" + NAME + "-", ".so");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            systemLoad(tmp.toAbsolutePath().toString());
            return resource + " (extracted to " + tmp + ")";
        } catch (IOException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError("cannot extract " + resource + " to "
                    + System.getProperty("java.io.tmpdir") + ": " + describe(e)
                    + ". Point -Djava.io.tmpdir at a writable folder, or put " + file + " on java.library.path");
            error.initCause(e);
            throw error;
        } catch (UnsatisfiedLinkError e) {
            if (tmp == null) {
                throw e;
            }
            UnsatisfiedLinkError error = new UnsatisfiedLinkError("cannot load " + resource + " extracted to "
                    + tmp + ": " + dlerror(tmp.toString(), e) + ". " + noexecAdvice(tmp.getParent(), file));
            error.initCause(e);
            throw error;
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * The loader's own words from a failed {@code System.load}, without the path the JDK and
     * {@code dlerror} each put in front ({@code "/tmp/x.so: /tmp/x.so: failed to map segment ..."}):
     * the message around it names the file already.
     */
    private static String dlerror(String path, UnsatisfiedLinkError e) {
        String why = String.valueOf(e.getMessage());
        while (why.startsWith(path + ": ")) {
            why = why.substring(path.length() + 2);
        }
        return why;
    }

    /** An I/O error in words: the JDK's file exceptions carry only the path when the reason is their type. */
    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return e.getMessage() + ": permission denied";
        }
        return e.getMessage();
    }

    /** What to do when a library extracted to a folder does not load: certain where mountinfo says noexec. */
    private static String noexecAdvice(Path dir, String file) {
        Mounts.Mount mount = Mounts.containing(dir);
        if (mount != null && mount.noexec()) {
            return dir + " is on a filesystem mounted noexec (" + mount + "), where no library can be loaded:"
                    + " point -Djava.io.tmpdir at a folder on a filesystem mounted without noexec, or put " + file
                    + " on java.library.path";
        }
        return "If " + dir + " is mounted noexec, point -Djava.io.tmpdir elsewhere, or put " + file
                + " on java.library.path";
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            tmp.toFile().deleteOnExit();
        }
    }

    /** The ABI version the loaded library was compiled with. */
    private static native int abiVersion0();
}

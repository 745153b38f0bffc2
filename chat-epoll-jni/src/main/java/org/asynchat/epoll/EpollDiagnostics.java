package org.asynchat.epoll;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The epoll backend's {@link EpollBackend#diagnostics() diagnostics}: the facts behind its
 * availability, each with what to do where it is the reason the backend cannot run. Where the
 * library was looked for and found ({@code java.library.path} or this jar), the temporary
 * folder it is extracted to and that folder's mount (a {@code noexec} mount cannot load it), the
 * ABI version the loaded library reported, the newest glibc symbol version the library needs
 * against the C library this process runs, and whether native access is granted (JDK 22+).
 *
 * <p>Called after {@link Epoll} tried to load the library; it loads nothing itself, and reads
 * the library's bytes (from the file, or from the jar for the extracted copy, which is deleted
 * once loaded) only to read its symbol versions.
 */
final class EpollDiagnostics {

    /** The glibc banner in libc.so.6, as {@code /lib/x86_64-linux-gnu/libc.so.6} prints it when run. */
    private static final Pattern GLIBC_RELEASE = Pattern.compile("release version (\\d+\\.\\d+)");
    /** {@code libc.so.6}, or before glibc 2.34 the file it links to, {@code libc-2.31.so}. */
    private static final Pattern LIBC_FILE = Pattern.compile("libc\\.so\\.6|libc-(\\d+\\.\\d+)\\.so");

    private EpollDiagnostics() {
    }

    /** The facts, in the order a person reads them. */
    static Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        boolean available = Epoll.isAvailable();
        String platform;
        try {
            platform = NativeLibrary.platform();
        } catch (UnsupportedOperationException e) {
            facts.put("platform", e.getMessage() + ": use the nio backend");
            facts.put("native-access", nativeAccess());
            return facts;
        }
        String file = NativeLibrary.fileName();
        String resource = NativeLibrary.resource(platform, file);
        facts.put("platform", platform + " (os.arch " + System.getProperty("os.arch") + ")");

        Path onPath = NativeLibrary.onLibraryPath(file);
        URL bundled = NativeLibrary.bundled(platform, file);
        byte[] library = null;
        String libraryProblem = null;
        try {
            if (onPath != null) {
                facts.put("library", onPath + ", found on java.library.path, which wins over the copy in the jar"
                        + (available ? "; loaded" : ""));
                library = Files.readAllBytes(onPath);
            } else if (bundled != null) {
                facts.put("library", resource + " in " + container(bundled) + ", extracted to java.io.tmpdir"
                        + (available ? ", loaded and deleted" : ""));
                try (InputStream in = bundled.openStream()) {
                    library = in.readAllBytes();
                }
            } else {
                facts.put("library", "none: no " + file + " on java.library.path ("
                        + System.getProperty("java.library.path", "") + "), and no " + resource + " in "
                        + codeSource() + " (chat-epoll-jni was built without gcc, or for another platform): build"
                        + " chat-epoll-jni on " + platform + " with gcc, or use the nio backend");
            }
        } catch (IOException e) {
            libraryProblem = "cannot read it: " + e;
        }
        facts.put("tmpdir", tmpdir(onPath != null, file));
        facts.put("abi-version", abiVersion());
        facts.put("glibc", glibc(file, library, libraryProblem));
        facts.put("native-access", nativeAccess());
        return facts;
    }

    /** The jar (or classes folder) a resource URL points into. */
    private static String container(URL url) {
        try {
            if (url.getProtocol().equals("jar")) {
                URL jar = ((JarURLConnection) url.openConnection()).getJarFileURL();
                return jar.getProtocol().equals("file") ? Path.of(jar.toURI()).toString() : jar.toString();
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            // fall through to the URL itself
        }
        return url.toString();
    }

    private static String codeSource() {
        try {
            return Path.of(EpollBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return "chat-epoll-jni";
        }
    }

    /** java.io.tmpdir, whether a library extracted there can be loaded, and what to do if not. */
    private static String tmpdir(boolean fromLibraryPath, String file) {
        String dir = System.getProperty("java.io.tmpdir", "");
        Path path = Path.of(dir);
        String remedy = "point -Djava.io.tmpdir at a writable folder on a filesystem mounted without noexec, or put "
                + file + " on java.library.path";
        String fact;
        boolean bad = true;
        if (!Files.exists(path)) {
            fact = "does not exist, so the library cannot be extracted";
        } else if (!Files.isDirectory(path)) {
            fact = "is not a folder, so the library cannot be extracted";
        } else if (!Files.isWritable(path)) {
            fact = "is not writable by this process, so the library cannot be extracted";
        } else {
            Mounts.Mount mount = Mounts.containing(path);
            if (mount == null) {
                fact = "a writable folder (its mount is unknown: no /proc/self/mountinfo)";
                bad = false;
            } else if (mount.noexec()) {
                fact = "on a filesystem mounted noexec (" + mount + "), where an extracted library cannot be loaded";
            } else {
                fact = "writable, on " + mount + ", where libraries can be loaded";
                bad = false;
            }
        }
        if (fromLibraryPath) {
            return dir + " (not used: the library comes from java.library.path): " + fact;
        }
        return dir + ": " + fact + (bad ? "; " + remedy : "");
    }

    private static String abiVersion() {
        Integer seen = NativeLibrary.abiVersionSeen();
        int expected = NativeLibrary.ABI_VERSION;
        if (seen == null) {
            return "unknown: no library was loaded (this chat-epoll-jni expects " + expected + ")";
        }
        if (seen == expected) {
            return seen + ", as this chat-epoll-jni expects";
        }
        return seen + ", but this chat-epoll-jni expects " + expected + ": the library comes from another build;"
                + " remove it from java.library.path, or replace it with the one in this chat-epoll-jni jar";
    }

    /** The newest glibc version the library needs, and the C library this process runs. */
    private static String glibc(String file, byte[] library, String libraryProblem) {
        String needed = null;
        String needs;
        if (library == null) {
            needs = file + ": " + (libraryProblem != null ? libraryProblem : "no library to read");
        } else {
            try {
                needed = SymbolVersions.read(library).newestGlibcNeeded().orElse(null);
                needs = file + " needs " + (needed != null ? needed : "no versioned glibc symbol")
                        + (needed != null ? " (its newest glibc symbol version)" : "");
            } catch (IOException e) {
                needs = file + " is unreadable as a library: " + e.getMessage();
            }
        }
        RunningLibc libc = RunningLibc.find();
        if (libc == null) {
            return needs + "; the C library of this process is unknown (no libc in /proc/self/maps)";
        }
        if (!libc.glibc()) {
            return needs + "; this process runs " + libc.path() + ", not glibc, where the library cannot load:"
                    + " use the nio backend, or build chat-epoll-jni on this system";
        }
        String runs = "; this process runs glibc " + (libc.release() != null ? libc.release() : "(release unknown)")
                + " (" + libc.path() + (libc.newest() != null ? ", versions up to " + libc.newest() : "") + ")";
        if (needed == null || libc.newest() == null) {
            return needs + runs;
        }
        if (SymbolVersions.BY_VERSION.compare(needed, libc.newest()) <= 0) {
            return needs + runs + ", which has it";
        }
        return needs + runs + ", which is too old: run where glibc is " + needed.substring("GLIBC_".length())
                + " or later, build chat-epoll-jni on a system with this glibc, or use the nio backend";
    }

    /**
     * The C library mapped into this process, from {@code /proc/self/maps}.
     *
     * @param path its file
     * @param glibc false for another C library (musl)
     * @param release the glibc release, from the file's name or its banner, or null
     * @param newest the newest {@code GLIBC_x.y} it defines, or null
     */
    private record RunningLibc(String path, boolean glibc, String release, String newest) {

        static RunningLibc find() {
            List<String> maps;
            try {
                maps = Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
            for (String line : maps) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String path = line.substring(slash).trim();
                String name = Path.of(path).getFileName().toString();
                if (name.contains("musl")) {
                    return new RunningLibc(path, false, null, null);
                }
                Matcher m = LIBC_FILE.matcher(name);
                if (m.matches()) {
                    return read(path, m.group(1));
                }
            }
            return null;
        }

        private static RunningLibc read(String path, String releaseFromName) {
            String release = releaseFromName;
            String newest = null;
            try {
                byte[] bytes = Files.readAllBytes(Path.of(path));
                newest = SymbolVersions.read(bytes).newestGlibcDefined().orElse(null);
                if (release == null) {
                    Matcher m = GLIBC_RELEASE.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
                    release = m.find() ? m.group(1) : null;
                }
            } catch (IOException | RuntimeException e) {
                // the file name alone, then
            }
            return new RunningLibc(path, true, release, newest);
        }
    }

    private static String flag(Module module) {
        return "--enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED");
    }

    /** Whether this module may load native code without a warning (JDK 22+), and how to grant it. */
    static String nativeAccess() {
        Module module = EpollBackend.class.getModule();
        String who = module.isNamed() ? "module " + module.getName() : "the class path (the unnamed module)";
        String flag = flag(module) + (module.isNamed() ? "" : " (in an executable jar's manifest:"
                + " Enable-Native-Access: ALL-UNNAMED)");
        int feature = Runtime.version().feature();
        Boolean atLoad = NativeLibrary.nativeAccessAtLoad();
        Boolean granted = atLoad != null ? atLoad : NativeLibrary.nativeAccessEnabled();
        if (granted == null) {
            return "not restricted on JDK " + feature + " (JDK 24 and later warn unless it is granted: "
                    + flag(module) + ")";
        }
        if (granted) {
            return "granted to " + who;
        }
        if (feature >= 24) {
            return "not granted to " + who + ": JDK " + feature + " warns when the library loads, and a later JDK"
                    + " will refuse it; grant it with " + flag;
        }
        return "not granted to " + who + " (JDK " + feature + " allows JNI without it; JDK 24 and later warn):"
                + " grant it with " + flag;
    }
}

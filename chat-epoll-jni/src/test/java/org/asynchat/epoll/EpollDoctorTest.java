package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.asynchat.compliance.ChildJvm;
import org.asynchat.compliance.PythonJson;
import org.asynchat.testing.NoexecMount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Backends.report()} on the epoll backend, each case in a fresh JVM (a JVM loads a
 * library once), under every condition the report must explain: this machine as it is, a jar
 * built without gcc, a stale library on {@code java.library.path}, a {@code java.io.tmpdir}
 * mounted {@code noexec}, one that is a file or missing, and native access on this JDK. Each
 * asserts the exit status ({@link ReportMain} exits as {@code doctor} does), the cause and what
 * to do; the JSON of each is parsed by Python.
 */
class EpollDoctorTest {

    private static final String PLATFORM = "linux-" + System.getProperty("asynchat.epoll.test.hostArch", "x86_64");
    private static final String RESOURCE = "META-INF/native/" + PLATFORM + "/libasynchat-epoll.so";
    private static final int FEATURE = Runtime.version().feature();

    @BeforeEach
    void requireNative() {
        NativeTestSupport.requireNative();
    }

    /** What the child printed: the report's text and its JSON line. */
    private record Report(int exit, String text, String json) {
        static Report of(ChildJvm.Result r) {
            int at = r.output().lastIndexOf("json=");
            assertTrue(at >= 0, "the child printed its JSON: " + r.output());
            String json = r.output().substring(at + "json=".length()).trim();
            // From the result line on: JDK 24+ may print its native-access warning first.
            int start = r.output().indexOf("result:   ");
            assertTrue(start >= 0 && start < at, "the child printed its report: " + r.output());
            return new Report(r.exitCode(), r.output().substring(start, at), json);
        }

        void assertContains(String expected) {
            assertTrue(text.contains(expected), "expected\n  " + expected + "\nin\n" + text);
        }

        String eval(String expression) throws Exception {
            return PythonJson.eval(json, expression);
        }
    }

    private static Report report(ChildJvm child, String... args) throws Exception {
        return Report.of(child.run(ReportMain.class, args));
    }

    @Test
    void onThisMachineEpollIsChosenAndWorksAndEveryFactIsGiven() throws Exception {
        Report r = report(ChildJvm.java());
        assertEquals(0, r.exit(), r.text());
        assertTrue(r.text().startsWith("result:   OK: epoll works (the highest-priority available backend; neither"
                + " asynchat.backend nor ASYNCHAT_BACKEND is set)\n"), r.text());
        r.assertContains("\n            platform: " + PLATFORM + " (os.arch ");
        r.assertContains("\n            library: " + RESOURCE + " in ");
        r.assertContains(", extracted to java.io.tmpdir, loaded and deleted\n");
        r.assertContains("\n            abi-version: " + NativeLibrary.ABI_VERSION + ", as this chat-epoll-jni expects\n");
        r.assertContains("\n            glibc: libasynchat-epoll.so needs GLIBC_2.");
        r.assertContains("), which has it\n");
        r.assertContains("\nlisten:   epoll opened a poller and a listener on 127.0.0.1:");
        r.assertContains("; SO_REUSEPORT works (a second listener bound 127.0.0.1:");
        assertEquals("True epoll True True", r.eval("' '.join(str(x) for x in (v['ok'], v['chosen']['backend'],"
                + " v['backends'][0]['available'], v['listen']['reuse_port']))"));
        assertTrue(r.eval("v['backends'][0]['diagnostics']['tmpdir']").startsWith(System.getProperty("java.io.tmpdir")
                + ": writable, on "), r.json());
    }

    @Test
    void aJarBuiltWithoutGccFallsBackToNioAndFailsWhenEpollIsNamed(@TempDir Path tmp) throws Exception {
        var classPath = BackendSelectionTest.classPathWithoutLibrary(tmp);
        Report unnamed = report(ChildJvm.java().classPath(classPath));
        assertEquals(0, unnamed.exit(), "nio works, so the default choice works: " + unnamed.text());
        assertTrue(unnamed.text().startsWith("result:   OK: nio works (the highest-priority available backend;"), unnamed.text());

        Report named = report(ChildJvm.java().classPath(classPath), "epoll");
        assertEquals(1, named.exit(), named.text());
        assertTrue(named.text().startsWith("result:   FAILED: asynchat backend 'epoll' (asked for by --backend) is not"
                + " available here: no libasynchat-epoll.so on java.library.path, and chat-epoll-jni has no " + RESOURCE
                + " (it was built without gcc, or for another platform than " + PLATFORM + "). Build chat-epoll-jni on "
                + PLATFORM + " with gcc, or use the nio backend; available here: nio\n"), named.text());
        named.assertContains("\n            library: none: no libasynchat-epoll.so on java.library.path (");
        named.assertContains("), and no " + RESOURCE + " in " + tmp.resolve("classes-without-library")
                + " (chat-epoll-jni was built without gcc, or for another platform): build chat-epoll-jni on " + PLATFORM
                + " with gcc, or use the nio backend\n");
        named.assertContains("\n            abi-version: unknown: no library was loaded (this chat-epoll-jni expects "
                + NativeLibrary.ABI_VERSION + ")\n");
        assertEquals("False None", named.eval("str(v['ok']) + ' ' + str(v['chosen']['backend'])"));
    }

    @Test
    void aStaleLibraryOnJavaLibraryPathIsNamedWithBothAbiVersions() throws Exception {
        Path dir = Path.of(System.getProperty("asynchat.epoll.test.abiMismatchDir"));
        Path stale = dir.resolve("libasynchat-epoll.so");
        assertTrue(Files.isRegularFile(stale), "the build compiles the ABI-mismatch library into " + dir);
        Report r = report(ChildJvm.java().property("java.library.path", dir.toString()), "epoll");
        assertEquals(1, r.exit(), r.text());
        assertTrue(r.text().startsWith("result:   FAILED: asynchat backend 'epoll' (asked for by --backend) is not"
                + " available here: " + stale + " has ABI version 999, but this chat-epoll-jni expects version "
                + NativeLibrary.ABI_VERSION + ": the library comes from another build. Remove it from java.library.path,"
                + " or replace it with the one in this chat-epoll-jni jar (" + RESOURCE + "); available here: nio\n"),
                r.text());
        r.assertContains("\n            library: " + stale + ", found on java.library.path, which wins over the copy in"
                + " the jar\n");
        r.assertContains("\n            tmpdir: " + System.getProperty("java.io.tmpdir") + " (not used: the library comes"
                + " from java.library.path)");
        r.assertContains("\n            abi-version: 999, but this chat-epoll-jni expects " + NativeLibrary.ABI_VERSION
                + ": the library comes from another build; remove it from java.library.path, or replace it with the"
                + " one in this chat-epoll-jni jar\n");
        r.assertContains("\n            glibc: libasynchat-epoll.so needs GLIBC_2.");
        assertEquals("False", r.eval("v['ok']"));
    }

    @Test
    void aTmpdirMountedNoexecIsNamedAsTheCause(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("noexec"));
        String[] mountNoexec = NoexecMount.wrapperFor(dir).toArray(String[]::new);
        Report r = report(ChildJvm.wrappedBy(mountNoexec).property("java.io.tmpdir", dir.toString()), "epoll");
        assertEquals(1, r.exit(), r.text());
        // The loader's words once, after the file's name once: not the JDK's "x.so: x.so: ..." again.
        assertTrue(Pattern.compile("result:   FAILED: asynchat backend 'epoll' \\(asked for by --backend\\) is not"
                + " available here: cannot load " + Pattern.quote(RESOURCE + " extracted to " + dir + "/libasynchat-epoll-")
                + "\\d+\\.so: failed to map segment from shared object\\. " + Pattern.quote(dir + " is on a filesystem"
                + " mounted noexec (tmpfs at " + dir + " (rw,noexec,")).matcher(r.text()).lookingAt(), r.text());
        r.assertContains("where no library can be loaded: point -Djava.io.tmpdir at a folder on a filesystem mounted"
                + " without noexec, or put libasynchat-epoll.so on java.library.path; available here: nio\n");
        r.assertContains("\n            tmpdir: " + dir + ": on a filesystem mounted noexec (tmpfs at " + dir);
        r.assertContains("), where an extracted library cannot be loaded; point -Djava.io.tmpdir at a writable folder"
                + " on a filesystem mounted without noexec, or put libasynchat-epoll.so on java.library.path\n");
        assertEquals("False", r.eval("v['backends'][0]['available']"));
    }

    @Test
    void aTmpdirThatIsAFileOrMissingIsNamedAsTheCause(@TempDir Path tmp) throws Exception {
        // Root may write into a folder of mode 0500, so unwritable is made of what no user can write into.
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder\n");
        Report r = report(ChildJvm.java().property("java.io.tmpdir", file.toString()), "epoll");
        assertEquals(1, r.exit(), r.text());
        r.assertContains("is not available here: cannot extract " + RESOURCE + " to " + file + ": " + file
                + "/libasynchat-epoll-");
        r.assertContains(".so: Not a directory. Point -Djava.io.tmpdir at a writable folder, or put"
                + " libasynchat-epoll.so on java.library.path; available here: nio\n");
        r.assertContains("\n            tmpdir: " + file + ": is not a folder, so the library cannot be extracted;"
                + " point -Djava.io.tmpdir at a writable folder on a filesystem mounted without noexec, or put"
                + " libasynchat-epoll.so on java.library.path\n");

        Path missing = tmp.resolve("no-such-folder");
        Report m = report(ChildJvm.java().property("java.io.tmpdir", missing.toString()), "epoll");
        assertEquals(1, m.exit(), m.text());
        m.assertContains(".so: no such file or folder. Point -Djava.io.tmpdir at a writable folder");
        m.assertContains("\n            tmpdir: " + missing + ": does not exist, so the library cannot be extracted;");
        assertEquals("False", m.eval("v['ok']"));
    }

    @Test
    void nativeAccessIsReportedAsThisJdkSeesIt() throws Exception {
        Report plain = report(ChildJvm.java());
        Report granted = report(ChildJvm.java().option("--enable-native-access=ALL-UNNAMED"));
        assertEquals(0, plain.exit(), plain.text());
        assertEquals(0, granted.exit(), granted.text());
        if (FEATURE < 22) {
            String expected = "\n            native-access: not restricted on JDK " + FEATURE + " (JDK 24 and later warn"
                    + " unless it is granted: --enable-native-access=ALL-UNNAMED)\n";
            plain.assertContains(expected);
            granted.assertContains(expected);
            return;
        }
        granted.assertContains("\n            native-access: granted to the class path (the unnamed module)\n");
        plain.assertContains("\n            native-access: not granted to the class path (the unnamed module)"
                + (FEATURE >= 24 ? ": JDK " + FEATURE + " warns when the library loads, and a later JDK will refuse it;"
                        : " (JDK " + FEATURE + " allows JNI without it; JDK 24 and later warn):")
                + " grant it with --enable-native-access=ALL-UNNAMED (in an executable jar's manifest:"
                + " Enable-Native-Access: ALL-UNNAMED)\n");
    }
}

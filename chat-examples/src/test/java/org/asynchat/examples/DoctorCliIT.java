package org.asynchat.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.asynchat.Backends;
import org.asynchat.compliance.PythonJson;
import org.asynchat.testing.NoexecMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar chat-examples.jar doctor} as a deployment runs it, on this machine and under
 * the conditions it must explain: a jar built without gcc (the jar copied without
 * {@code META-INF/native}), a {@code java.io.tmpdir} mounted {@code noexec} or that is a file,
 * a library for another architecture on {@code java.library.path}, a named backend that cannot
 * load. Each asserts the exit status (0 when the backend works, 1 when not, 2 for a bad command
 * line), that the output names the cause and what to do, and that {@code --json} parses.
 */
class DoctorCliIT {

    private static final String ARCH = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
    private static final String OTHER_ARCH = ARCH.equals("x86_64") ? "aarch64" : "x86_64";
    private static final String RESOURCE = "META-INF/native/linux-" + ARCH + "/libasynchat-epoll.so";

    @TempDir
    Path tmp;

    /** What a run printed and returned. */
    private record Run(int exit, String stdout, String stderr) {
        void assertStdout(String expected) {
            assertTrue(stdout.contains(expected), "expected\n  " + expected + "\nin\n" + stdout + "\nstderr: " + stderr);
        }
    }

    /** Runs {@code [wrapper...] java [options...] -jar JAR doctor [args...]} to its end. */
    private static Run doctor(List<String> wrapper, Path jar, List<String> options, Map<String, String> env,
            String... args) throws Exception {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-jar");
        command.add(jar.toString());
        command.add("doctor");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("ASYNCHAT_BACKEND");
        builder.environment().putAll(env);
        Process p = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()),
                runnable -> new Thread(runnable, "stderr of doctor").start());
        String out = read(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the doctor ran for over 60 s: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    }

    private static Run doctor(List<String> options, String... args) throws Exception {
        return doctor(List.of(), ExampleProcess.jar(), options, Map.of(), args);
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Test
    void onThisMachineItPrintsEveryPartAndExitsWith0() throws Exception {
        Run human = doctor(List.of());
        assertEquals(0, human.exit(), human.stdout() + human.stderr());
        assertEquals("", human.stderr(), "nothing on standard error when the backend works (and on JDK 24+ no"
                + " native-access warning: the jar's manifest grants it)");
        assertTrue(human.stdout().startsWith("result:   OK: "), human.stdout());
        for (String label : List.of("asynchat", "jdk", "os", "backends", "chosen", "listen", "limits", "tls")) {
            human.assertStdout("\n" + label + ":" + " ".repeat(9 - label.length()));
        }
        human.assertStdout("\njdk:      " + Runtime.version() + ", ");
        human.assertStdout("\nos:       " + System.getProperty("os.name") + ", kernel " + System.getProperty("os.version"));

        Run json = doctor(List.of(), "--json");
        assertEquals(0, json.exit(), json.stderr());
        assertEquals(1, json.stdout().lines().count(), "one line of JSON: " + json.stdout());
        String chosen = PythonJson.eval(json.stdout(), "v['chosen']['backend']");
        assertTrue(human.stdout().startsWith("result:   OK: " + chosen + " works"), chosen + " in " + human.stdout());
        assertEquals("1 True " + Runtime.version().feature(), PythonJson.eval(json.stdout(),
                "' '.join(str(x) for x in (v['format'], v['ok'], v['jdk']['feature']))"));
        assertTrue(PythonJson.eval(json.stdout(), "v['listen']['works']").equals("True"), json.stdout());
    }

    @Test
    void thePropertyAndTheEnvironmentVariableAreNamedAsWhatChose() throws Exception {
        Run byEnvironment = doctor(List.of(), ExampleProcess.jar(), List.of(), Map.of("ASYNCHAT_BACKEND", "nio"));
        assertEquals(0, byEnvironment.exit(), byEnvironment.stderr());
        assertTrue(byEnvironment.stdout().startsWith("result:   OK: nio works (asked for by environment variable"
                + " ASYNCHAT_BACKEND)\n"), byEnvironment.stdout());
        byEnvironment.assertStdout("\n          asynchat.backend unset, ASYNCHAT_BACKEND=nio\n");
        Run byProperty = doctor(List.of(), ExampleProcess.jar(), List.of("-Dasynchat.backend=nosuch"),
                Map.of("ASYNCHAT_BACKEND", "nio"));
        assertEquals(1, byProperty.exit(), "the property wins, and names a backend that does not exist: "
                + byProperty.stdout());
        assertTrue(byProperty.stderr().startsWith("error: FAILED: asynchat backend 'nosuch' (asked for by system"
                + " property asynchat.backend) is not known; found: "), byProperty.stderr());
    }

    @Test
    void aNamedBackendThatDoesNotExistExits1AndSaysWhatDoes() throws Exception {
        Run r = doctor(List.of(), "--backend", "iouring");
        assertEquals(1, r.exit(), r.stdout());
        String found = String.join(", ", Backends.discover().stream().map(Backends.Candidate::name).toList());
        String expected = "FAILED: asynchat backend 'iouring' (asked for by --backend) is not known; found: " + found
                + "; available here: ";
        assertTrue(r.stdout().startsWith("result:   " + expected), r.stdout());
        assertTrue(r.stderr().startsWith("error: " + expected), "the reason on standard error too: " + r.stderr());
        r.assertStdout("\nlisten:   not tried: no backend to try\n");
        assertEquals("False None", PythonJson.eval(doctor(List.of(), "--backend", "iouring", "--json").stdout(),
                "str(v['ok']) + ' ' + str(v['chosen']['backend'])"));
    }

    @Test
    void aJarBuiltWithoutGccFallsBackToNioAndFailsWhenEpollIsNamed() throws Exception {
        AvailableBackends.requireEpoll();
        Path jar = copyWithoutNativeLibraries(ExampleProcess.jar(), tmp.resolve("chat-examples-without-gcc.jar"));
        Run unnamed = doctor(List.of(), jar, List.of(), Map.of());
        assertEquals(0, unnamed.exit(), "nio works, so the default choice works: " + unnamed.stdout());
        assertTrue(unnamed.stdout().startsWith("result:   OK: nio works (the highest-priority available backend;"),
                unnamed.stdout());
        String why = "no libasynchat-epoll.so on java.library.path, and chat-epoll-jni has no " + RESOURCE
                + " (it was built without gcc, or for another platform than linux-" + ARCH + "). Build chat-epoll-jni"
                + " on linux-" + ARCH + " with gcc, or use the nio backend";
        unnamed.assertStdout("\nbackends: epoll, priority 20, from " + jar + " (" + System.getProperty("project.version")
                + "): unavailable: " + why + "\n");
        unnamed.assertStdout("\n            library: none: no libasynchat-epoll.so on java.library.path (");

        Run named = doctor(List.of(), jar, List.of(), Map.of(), "--backend", "epoll");
        assertEquals(1, named.exit(), named.stdout());
        assertEquals("error: FAILED: asynchat backend 'epoll' (asked for by --backend) is not available here: " + why
                + "; available here: nio\n", named.stderr());
    }

    /** A copy of the jar without META-INF/native: what the build makes where there is no gcc. */
    private static Path copyWithoutNativeLibraries(Path jar, Path copy) throws IOException {
        Files.copy(jar, copy);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + copy.toUri()), Map.of())) {
            Path natives = zip.getPath("META-INF/native");
            assertTrue(Files.isDirectory(natives), "the jar has " + natives);
            try (Stream<Path> all = Files.walk(natives)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return copy;
    }

    @Test
    void aTmpdirMountedNoexecIsTheCauseAndNioStillWorks() throws Exception {
        AvailableBackends.requireEpoll();
        Path dir = Files.createDirectories(tmp.resolve("noexec"));
        List<String> mountNoexec = NoexecMount.wrapperFor(dir);
        List<String> options = List.of("-Djava.io.tmpdir=" + dir);
        Run named = doctor(mountNoexec, ExampleProcess.jar(), options, Map.of(), "--backend", "epoll");
        assertEquals(1, named.exit(), named.stdout());
        assertTrue(named.stderr().startsWith("error: FAILED: asynchat backend 'epoll' (asked for by --backend) is not"
                + " available here: cannot load " + RESOURCE + " extracted to " + dir + "/libasynchat-epoll-"),
                named.stderr());
        assertTrue(named.stderr().contains(dir + " is on a filesystem mounted noexec (tmpfs at " + dir), named.stderr());
        assertTrue(named.stderr().contains("point -Djava.io.tmpdir at a folder on a filesystem mounted without noexec,"
                + " or put libasynchat-epoll.so on java.library.path; available here: nio"), named.stderr());
        named.assertStdout("\n            tmpdir: " + dir + ": on a filesystem mounted noexec (tmpfs at " + dir);

        Run unnamed = doctor(mountNoexec, ExampleProcess.jar(), options, Map.of(), "--json");
        assertEquals(0, unnamed.exit(), "nio works: " + unnamed.stdout());
        assertEquals("nio False", PythonJson.eval(unnamed.stdout(),
                "v['chosen']['backend'] + ' ' + str(v['backends'][0]['available'])"));
    }

    private static void skip(String why) {
        System.out.println(why);
        assumeTrue(false, why);
    }

    @Test
    void aTmpdirThatIsAFileIsTheCause() throws Exception {
        AvailableBackends.requireEpoll();
        // Root writes into a folder of mode 0500, so "unwritable" is a path no one can create files under.
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder\n");
        Run r = doctor(List.of("-Djava.io.tmpdir=" + file), "--backend", "epoll");
        assertEquals(1, r.exit(), r.stdout());
        assertTrue(r.stderr().contains("cannot extract " + RESOURCE + " to " + file + ": " + file + "/libasynchat-epoll-"),
                r.stderr());
        assertTrue(r.stderr().contains(".so: Not a directory. Point -Djava.io.tmpdir at a writable folder, or put"
                + " libasynchat-epoll.so on java.library.path; available here: nio\n"), r.stderr());
        r.assertStdout("\n            tmpdir: " + file + ": is not a folder, so the library cannot be extracted;");
    }

    @Test
    void aLibraryForAnotherArchitectureOnJavaLibraryPathIsTheCause() throws Exception {
        AvailableBackends.requireEpoll();
        Path dir = Files.createDirectories(tmp.resolve("lib"));
        Path library = dir.resolve("libasynchat-epoll.so");
        try (FileSystem zip = FileSystems.newFileSystem(ExampleProcess.jar())) {
            Path other = zip.getPath("META-INF/native/linux-" + OTHER_ARCH + "/libasynchat-epoll.so");
            if (!Files.exists(other)) {
                skip("SKIPPED: this jar has no linux-" + OTHER_ARCH + " library (built without its cross compiler)");
            }
            Files.copy(other, library);
        }
        Run r = doctor(List.of("-Djava.library.path=" + dir), "--backend", "epoll");
        assertEquals(1, r.exit(), r.stdout());
        assertTrue(r.stderr().startsWith("error: FAILED: asynchat backend 'epoll' (asked for by --backend) is not"
                + " available here: cannot load " + library + " (found on java.library.path): cannot open shared"
                + " object file"), "the loader's words, after the file's name once: " + r.stderr());
        assertTrue(r.stderr().contains(". Remove it from java.library.path, or replace it with the one in this"
                + " chat-epoll-jni jar (" + RESOURCE + "); available here: nio\n"), r.stderr());
        r.assertStdout("\n            library: " + library + ", found on java.library.path, which wins over the copy"
                + " in the jar\n");
        r.assertStdout("\n            glibc: libasynchat-epoll.so needs GLIBC_2.");
    }

    @Test
    void aBadCommandLineExits2WithTheUsageAndHelpExits0() throws Exception {
        Run unknown = doctor(List.of(), "--verbose");
        assertEquals(2, unknown.exit(), unknown.stderr());
        assertTrue(unknown.stderr().startsWith("error: unexpected argument '--verbose'\nusage: java -jar"
                + " chat-examples.jar doctor [--backend NAME] [--json]\n"), unknown.stderr());
        Run noName = doctor(List.of(), "--backend");
        assertEquals(2, noName.exit(), noName.stderr());
        assertTrue(noName.stderr().startsWith("error: --backend needs a value (NAME)\n"), noName.stderr());
        Run help = doctor(List.of(), "--help");
        assertEquals(0, help.exit(), help.stderr());
        assertTrue(help.stdout().contains("Exit status: 0 if the backend works here, 1 if it does not"), help.stdout());
    }
}

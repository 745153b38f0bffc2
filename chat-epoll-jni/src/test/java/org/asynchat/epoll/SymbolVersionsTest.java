package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The glibc versions the doctor reports, read from the ELF files by {@link SymbolVersions},
 * against {@code readelf -V} (binutils, installed with gcc) over the same files: the bundled
 * libraries of both architectures and the C library this JVM runs on.
 */
class SymbolVersionsTest {

    private static final Pattern NAME = Pattern.compile("Name: (\\S+)");

    @ParameterizedTest(name = "linux-{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void theBundledLibraryNeedsWhatReadelfSays(String arch) throws Exception {
        URL url = NativeLibrary.bundled("linux-" + arch, NativeLibrary.fileName());
        if (url == null) {
            String why = "SKIPPED: this build has no linux-" + arch + " library (BundledLibrariesTest says whether it should)";
            System.out.println(why);
            assumeTrue(false, why);
        }
        Path file = Path.of(url.toURI());
        SymbolVersions versions = SymbolVersions.read(Files.readAllBytes(file));
        assertEquals(readelf(file, "Version needs section", false), versions.needed());
        System.out.println("GLIBC linux-" + arch + " needs " + versions.needed() + ", newest "
                + versions.newestGlibcNeeded().orElseThrow());
        assertTrue(versions.defined().isEmpty(), "the library defines no versions: " + versions.defined());
    }

    @Test
    void theRunningCLibraryDefinesWhatReadelfSays() throws Exception {
        Path libc = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0 && line.endsWith("/libc.so.6")) {
                libc = Path.of(line.substring(slash));
                break;
            }
        }
        if (libc == null) {
            String why = "SKIPPED: this JVM runs on no libc.so.6 (not glibc)";
            System.out.println(why);
            assumeTrue(false, why);
        }
        SymbolVersions versions = SymbolVersions.read(Files.readAllBytes(libc));
        List<String> expected = readelf(libc, "Version definition section", true);
        assertEquals(expected, versions.defined());
        String newest = versions.newestGlibcDefined().orElseThrow();
        for (String name : expected) {
            if (name.matches("GLIBC_[0-9.]+")) {
                assertTrue(SymbolVersions.BY_VERSION.compare(name, newest) <= 0, name + " is newer than " + newest);
            }
        }
    }

    @Test
    void versionsCompareNumberByNumber() {
        List<String> names = new ArrayList<>(List.of("GLIBC_2.10", "GLIBC_2.2.5", "GLIBC_2.9", "GLIBC_2.3.2", "GLIBC_2.17"));
        names.sort(SymbolVersions.BY_VERSION);
        assertEquals(List.of("GLIBC_2.2.5", "GLIBC_2.3.2", "GLIBC_2.9", "GLIBC_2.10", "GLIBC_2.17"), names);
    }

    @Test
    void aFileThatIsNotAnElfLibraryIsAnIoExceptionSayingWhat() throws Exception {
        IOException notElf = assertThrows(IOException.class,
                () -> SymbolVersions.read("#!/bin/sh\necho not a library\n".repeat(4).getBytes(StandardCharsets.US_ASCII)));
        assertEquals("not an ELF file", notElf.getMessage());
        URL url = NativeLibrary.bundled(NativeLibrary.platform(), NativeLibrary.fileName());
        assumeTrue(url != null, "no bundled library for this platform");
        byte[] whole = Files.readAllBytes(Path.of(url.toURI()));
        IOException truncated = assertThrows(IOException.class, () -> SymbolVersions.read(Arrays.copyOf(whole, 4096)));
        assertTrue(truncated.getMessage().startsWith("a truncated or malformed ELF file"), truncated.getMessage());
    }

    /** The version names of one section of {@code readelf -V -W}: defined (from "Rev:" lines) or needed. */
    private static List<String> readelf(Path file, String section, boolean definitions) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("readelf", "-V", "-W", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            String why = "SKIPPED: readelf (binutils) is not installed, so there is nothing to compare with";
            System.out.println(why);
            assumeTrue(false, why);
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        TreeSet<String> names = new TreeSet<>();
        boolean inside = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("Version ")) {
                inside = line.startsWith(section);
                continue;
            }
            if (inside && (!definitions || line.contains("Rev:"))) {
                Matcher m = NAME.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return List.copyOf(names);
    }
}

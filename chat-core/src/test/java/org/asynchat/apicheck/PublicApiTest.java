package org.asynchat.apicheck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.asynchat.Terminator;
import org.junit.jupiter.api.Test;

/**
 * The public API of chat-core, as compiled, against the checked-in signature file
 * {@code chat-core/api/chat-core.api}: an accidental change to what users compile against
 * (a removed or changed public or protected member of an exported package) fails the build.
 *
 * <p>A deliberate change is recorded with one command, {@code scripts/update-api.sh}, and
 * committed with the change, so the diff shows reviewers what users will see; the README's
 * "Versions and compatibility" section says which changes a release number allows.
 */
class PublicApiTest {

    /** Where the signature file lives in the source tree (the build passes it in). */
    private static final Path API_FILE = Path.of(System.getProperty("asynchat.api.file", "api/chat-core.api"));

    /** Set by {@code scripts/update-api.sh}: write the file instead of comparing. */
    private static final boolean UPDATE = Boolean.getBoolean("asynchat.api.update");

    @Test
    void thePublicApiMatchesTheSignatureFile() throws Exception {
        List<String> current = ApiSignatures.of(classesDir(), exportedPackages());
        if (UPDATE) {
            Files.createDirectories(API_FILE.toAbsolutePath().getParent());
            Files.write(API_FILE, current, StandardCharsets.UTF_8);
            System.out.println("API: wrote " + current.size() + " lines to " + API_FILE.toAbsolutePath());
            return;
        }
        assertTrue(Files.isRegularFile(API_FILE), API_FILE.toAbsolutePath() + " is missing; create it with"
                + " scripts/update-api.sh and commit it");
        List<String> recorded = Files.readAllLines(API_FILE, StandardCharsets.UTF_8);
        if (!recorded.equals(current)) {
            fail(difference(recorded, current));
        }
    }

    private static String difference(List<String> recorded, List<String> current) {
        Set<String> removed = qualified(recorded);
        qualified(current).forEach(removed::remove);
        Set<String> added = qualified(current);
        qualified(recorded).forEach(added::remove);
        StringBuilder sb = new StringBuilder("the public API of chat-core differs from " + API_FILE
                + " (a line names a type's header, or one of its members under it):\n");
        removed.forEach(line -> sb.append("  - ").append(line.strip()).append('\n'));
        added.forEach(line -> sb.append("  + ").append(line.strip()).append('\n'));
        if (removed.isEmpty() && added.isEmpty()) {
            sb.append("  (the same lines in another order)\n");
        }
        sb.append("If this change is deliberate, record it: run scripts/update-api.sh and commit ")
                .append(API_FILE).append(" with the change. A removed or changed line breaks users: it needs")
                .append(" a new major version (before 1.0, a new minor version) and, where possible, a")
                .append(" deprecation first (README, \"Versions and compatibility\"). If it is not deliberate,")
                .append(" undo it.");
        return sb.toString();
    }

    /**
     * The file's lines with each member prefixed by its type's header, so that a member that
     * reads the same in two types (an override) is compared as the member of its own type.
     */
    private static Set<String> qualified(List<String> lines) {
        Set<String> out = new LinkedHashSet<>();
        String type = "";
        for (String line : lines) {
            if (line.startsWith("  ")) {
                out.add(type + " { " + line.strip() + " }");
            } else {
                type = line.strip();
                out.add(type);
            }
        }
        return out;
    }

    /** The compiled main classes (target/classes). */
    private static Path classesDir() throws Exception {
        return Path.of(Terminator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The packages module-info exports (unqualified exports only: qualified ones are not API). */
    private static Set<String> exportedPackages() throws IOException, Exception {
        try (InputStream in = Files.newInputStream(classesDir().resolve("module-info.class"))) {
            Set<String> packages = new TreeSet<>();
            for (ModuleDescriptor.Exports e : ModuleDescriptor.read(in).exports()) {
                if (!e.isQualified()) {
                    packages.add(e.source());
                }
            }
            return packages;
        }
    }

    /** Lists the class files of one package folder, not of its subpackages. */
    static List<Path> classFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.toString().endsWith(".class")).sorted().forEach(files::add);
            }
        }
        return files;
    }
}

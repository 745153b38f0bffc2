package org.asynchat.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.asynchat.BackendUnavailableException;
import org.asynchat.Backends;

/**
 * What {@code java -jar chat-examples.jar --version} prints: the version of this build, the
 * backend an example would run on here (chosen as at start, so {@code -Dasynchat.backend} and
 * {@code ASYNCHAT_BACKEND} count), and the JVM and platform. The first line is
 * {@code asynchat VERSION}, for scripts.
 */
final class VersionInfo {

    private VersionInfo() {
    }

    /** The version the build wrote into {@code version.properties}, for example {@code 0.1.0}. */
    static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown (version.properties is missing from the jar)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties from the jar", e);
        }
    }

    /** The lines {@code --version} prints. */
    static String describe() {
        String backend;
        try {
            backend = Backends.select().name();
        } catch (BackendUnavailableException e) {
            backend = "none: " + e.getMessage();
        }
        return "asynchat " + version() + "\n"
                + "backend: " + backend + "\n"
                + "java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")\n"
                + "os: " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "\n";
    }
}

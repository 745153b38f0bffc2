package org.asynchat.epoll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.asynchat.BackendUnavailableException;
import org.asynchat.Backends;
import org.asynchat.EventLoop;

/**
 * A child JVM's main: chooses a backend as an application would ({@code new EventLoop()}),
 * prints {@code backend=NAME}, and with the argument {@code describe} the epoll backend's
 * availability; a failed choice prints {@code error=MESSAGE} and exits with 3. After the choice
 * (before listing every candidate, which asks epoll) it prints whether
 * {@code libasynchat-epoll.so} is mapped into this process.
 */
public final class SelectBackendMain {

    private SelectBackendMain() {
    }

    /**
     * Runs the probe.
     *
     * @param args {@code describe} to print the epoll availability too
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("describe")) {
            System.out.println("epoll=" + new EpollBackend().availability());
        }
        try (EventLoop loop = new EventLoop()) {
            System.out.println("backend=" + loop.backend().name());
            System.out.println("libasynchat-epoll mapped=" + nativeLibraryMapped());
        } catch (BackendUnavailableException e) {
            System.out.println("error=" + e.getMessage());
            System.exit(3);
        }
        System.out.println("candidates=" + Backends.discover());
    }

    /**
     * Whether the native library is mapped into this process, from the kernel's own list
     * ({@code /proc/self/maps}): loaded from java.library.path, or extracted and already
     * deleted ({@code /tmp/libasynchat-epoll-123.so (deleted)}), it shows up either way.
     */
    private static boolean nativeLibraryMapped() {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.anyMatch(line -> line.contains("lib" + NativeLibrary.NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/maps", e);
        }
    }
}

package org.asynchat.epoll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which mount a folder is on, from {@code /proc/self/mountinfo}: for the one question the
 * loader cannot answer from an error message, whether a folder's filesystem is mounted
 * {@code noexec} (then {@code dlopen} of a library there fails with "failed to map segment").
 *
 * <p>A line of mountinfo (proc(5)): {@code 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 -
 * ext3 /dev/root rw}: mount id, parent id, device, root, <b>mount point</b>, <b>mount options</b>,
 * optional fields up to a lone {@code -}, then <b>filesystem type</b>, source and superblock
 * options. Spaces, tabs, newlines and backslashes in paths are written as octal escapes
 * ({@code \040}).
 */
final class Mounts {

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /**
     * One mount.
     *
     * @param mountPoint where it is mounted
     * @param type the filesystem type, for example {@code tmpfs}
     * @param options the per-mount options, for example {@code rw}, {@code noexec}
     */
    record Mount(String mountPoint, String type, List<String> options) {

        /** True if programs and libraries on this mount cannot be executed or mapped executable. */
        boolean noexec() {
            return options.contains("noexec");
        }

        @Override
        public String toString() {
            return type + " at " + mountPoint + " (" + String.join(",", options) + ")";
        }
    }

    private Mounts() {
    }

    /**
     * The mount a path is on: that of its nearest existing ancestor, symbolic links resolved;
     * the innermost mount covering it, and of several at one mount point the last (the visible
     * one). Null where mountinfo cannot be read (not Linux).
     */
    static Mount containing(Path path) {
        try {
            return containing(path, Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    static Mount containing(Path path, List<String> mountinfo) throws IOException {
        String target = existingAncestor(path.toAbsolutePath().normalize()).toRealPath().toString();
        Mount best = null;
        for (String line : mountinfo) {
            Mount m = parse(line);
            if (m != null && covers(m.mountPoint(), target)
                    && (best == null || m.mountPoint().length() >= best.mountPoint().length())) {
                best = m;
            }
        }
        return best;
    }

    private static Path existingAncestor(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null ? p : path.getRoot();
    }

    private static boolean covers(String mountPoint, String path) {
        return mountPoint.equals("/") || path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }

    /** One line, or null if it is not one mountinfo understands. */
    static Mount parse(String line) {
        String[] f = line.trim().split(" ");
        int separator = List.of(f).indexOf("-");
        if (f.length < 6 || separator < 6 || separator + 1 >= f.length) {
            return null;
        }
        return new Mount(unescape(f[4]), unescape(f[separator + 1]), List.of(f[5].split(",")));
    }

    /** Undoes the kernel's octal escapes ({@code \040} is a space). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}

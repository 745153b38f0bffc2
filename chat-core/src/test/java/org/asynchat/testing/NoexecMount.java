package org.asynchat.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A folder mounted {@code noexec} for one child process: a tmpfs mounted in a user and mount
 * namespace of its own ({@code unshare}), so that a test can show what happens where
 * {@code java.io.tmpdir} cannot hold a loadable library, without root or any change to the
 * machine.
 */
public final class NoexecMount {

    private NoexecMount() {
    }

    /**
     * Returns the command prefix that runs a command with {@code dir} mounted {@code noexec}, or
     * skips the calling test, saying why, where this machine has no {@code unshare} or refuses
     * the namespaces.
     *
     * @param dir the folder to mount over (it must exist)
     * @return the prefix: the command to run follows it
     * @throws Exception if the probe cannot be waited for
     */
    public static List<String> wrapperFor(Path dir) throws Exception {
        List<String> wrapper = command(dir, "exec \"$@\"");
        Process p;
        try {
            p = new ProcessBuilder(command(dir, "true")).redirectErrorStream(true).start();
        } catch (IOException e) {
            skip("SKIPPED: no unshare here (util-linux), so no noexec mount can be made: " + e.getMessage());
            return wrapper;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "unshare finished");
        if (p.exitValue() != 0) {
            skip("SKIPPED: this machine refuses a user and mount namespace (unshare --user --map-root-user --mount),"
                    + " so no noexec tmpfs can be mounted: " + out.trim());
        }
        return wrapper;
    }

    private static List<String> command(Path dir, String then) {
        return new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                "mount -t tmpfs -o noexec,size=16m asynchat-noexec \"$0\" && " + then, dir.toString()));
    }

    private static void skip(String why) {
        System.out.println(why);
        assumeTrue(false, why);
    }
}

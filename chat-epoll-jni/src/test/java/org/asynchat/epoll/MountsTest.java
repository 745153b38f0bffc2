package org.asynchat.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a folder's mount in lines laid out as /proc/self/mountinfo lays them out (proc(5)). */
class MountsTest {

    @Test
    void aLineGivesTheMountPointWithItsEscapesUndoneTheTypeAndTheOptions() {
        Mounts.Mount m = Mounts.parse("36 35 98:0 /mnt1 /mnt/with\\040space\\134 rw,noexec,relatime master:1 shared:2"
                + " - tmpfs none rw,size=8192k");
        assertEquals("/mnt/with space\\", m.mountPoint());
        assertEquals("tmpfs", m.type());
        assertEquals(List.of("rw", "noexec", "relatime"), m.options());
        assertTrue(m.noexec());
        assertFalse(Mounts.parse("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw").noexec());
        assertNull(Mounts.parse("not a mountinfo line"));
        assertNull(Mounts.parse("1 2 3 4 5 6 7 8"), "no separator");
    }

    @Test
    void theInnermostMountWinsAndOfTwoAtOnePointTheLaterOne(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("spool/lib")).toRealPath();
        String parent = dir.getParent().toString();
        List<String> mountinfo = List.of(
                "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
                "40 27 0:40 / " + parent + " rw,relatime - tmpfs first rw",
                "41 27 0:41 / " + parent + " rw,noexec,relatime - tmpfs second rw",
                "42 27 0:42 / " + dir + "x rw - tmpfs decoy rw");
        Mounts.Mount m = Mounts.containing(dir, mountinfo);
        assertEquals(parent, m.mountPoint());
        assertTrue(m.noexec(), "the later of two mounts at one point is the one seen: " + m);
        Mounts.Mount missing = Mounts.containing(dir.resolve("not/there/yet"), mountinfo);
        assertEquals(parent, missing.mountPoint(), "a path that does not exist is on its nearest existing ancestor's mount");
        assertEquals("/", Mounts.containing(Path.of("/"), mountinfo).mountPoint());
    }
}

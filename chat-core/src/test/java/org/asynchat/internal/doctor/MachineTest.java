package org.asynchat.internal.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.asynchat.compliance.PythonJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine facts of the report, from files laid out as /proc lays them out. */
class MachineTest {

    @Test
    void lowLimitsSayHowToRaiseThemAndMissingOnesSayWhy(@TempDir Path tmp) throws Exception {
        Path limits = Files.writeString(tmp.resolve("limits"), "Limit                     Soft Limit           Hard Limit"
                + "           Units     \nMax open files            256                  unlimited            files     \n");
        Path somaxconn = Files.writeString(tmp.resolve("somaxconn"), "128\n");
        Section low = Machine.limits(limits, somaxconn);
        assertEquals(List.of("open files 256 soft, unlimited hard; net.core.somaxconn 128",
                "open files: each connection holds a descriptor, so this process can serve fewer than 256 connections:"
                        + " raise the soft limit (ulimit -n unlimited, or LimitNOFILE= in a systemd unit)",
                "net.core.somaxconn: the kernel cuts every listen backlog to 128 (the examples ask for 512): raise it"
                        + " with sysctl -w net.core.somaxconn=4096"), low.lines());
        assertEquals("256 unlimited 128", PythonJson.eval(Json.write(low.json()),
                "' '.join(str(x) for x in (v['open_files_soft'], v['open_files_hard'], v['somaxconn']))"));
        Section missing = Machine.limits(tmp.resolve("no-limits"), tmp.resolve("no-somaxconn"));
        assertEquals("open files unknown (no " + tmp.resolve("no-limits") + ") soft, unknown (no "
                + tmp.resolve("no-limits") + ") hard; net.core.somaxconn unknown (no " + tmp.resolve("no-somaxconn")
                + ")", missing.lines().get(0));
    }

    @Test
    void thisMachinesSomaxconnIsReadWhole() throws Exception {
        Path file = Machine.SOMAXCONN;
        if (!Files.isReadable(file)) {
            System.out.println("SKIPPED: no " + file + " here (not Linux)");
            assumeTrue(false, "no " + file);
        }
        // What the kernel says, by a reader that asks for the whole file at once.
        String expected;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            expected = in.readLine().trim();
        }
        Section limits = Machine.limits();
        assertEquals(Long.parseLong(expected), ((Map<?, ?>) limits.json()).get("somaxconn"),
                "net.core.somaxconn as the kernel writes it, every digit: " + limits.lines());
    }
}

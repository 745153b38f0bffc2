package org.asynchat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.spi.SelectorProvider;

import org.asynchat.BackendReport;
import org.asynchat.Backends;
import org.asynchat.SystemProperties;
import org.asynchat.compliance.PythonJson;
import org.asynchat.spi.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Backends.report()} with the nio backend, in this JVM: nio works, listens on
 * 127.0.0.1 with {@code SO_REUSEPORT}, names its selector provider, and the report leaves the
 * choice of {@link Backends#select()} as it was.
 */
class NioReportTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(SystemProperties.BACKEND);
    }

    @Test
    void nioWorksHereAndTheReportSaysHowItListened() throws Exception {
        BackendReport report = Backends.report("nio", "--backend");
        String text = report.toString();
        assertTrue(report.ok(), text);
        assertEquals("OK: nio works (asked for by --backend)", report.summary());
        assertTrue(text.contains("\n            selector-provider: " + SelectorProvider.provider().getClass().getName()
                + "\n"), text);
        assertTrue(text.contains("\nlisten:   nio opened a poller and a listener on 127.0.0.1:"), text);
        boolean linux = System.getProperty("os.name").startsWith("Linux");
        if (linux) {
            assertTrue(text.contains("; SO_REUSEPORT works (a second listener bound 127.0.0.1:"), text);
        }
        assertEquals("True nio True", PythonJson.eval(report.toJson(),
                "' '.join(str(x) for x in (v['ok'], v['listen']['backend'], v['listen']['works']))"));
    }

    @Test
    void theReportLeavesTheChoiceOfSelectAsItWas() {
        System.setProperty(SystemProperties.BACKEND, "nio");
        Backend before = Backends.select();
        BackendReport report = Backends.report();
        assertTrue(report.summary().equals("OK: nio works (asked for by system property asynchat.backend)"),
                report.summary());
        assertSame(before, Backends.select(), "the report neither replaces nor clears the cached choice");
    }
}

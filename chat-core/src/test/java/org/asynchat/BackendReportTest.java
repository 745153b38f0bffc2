package org.asynchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.asynchat.compliance.PythonJson;
import org.asynchat.spi.Availability;
import org.asynchat.spi.Backend;
import org.asynchat.spi.Poller;
import org.junit.jupiter.api.Test;

/**
 * The backend report's verdicts and both of its renderings, with fake backends (chat-core's
 * tests have no real one; each backend module reports on itself for real). The JSON is parsed by
 * Python's json module, not by code of this project.
 */
class BackendReportTest {

    /** A backend whose answers are given, and whose poller fails as a machine without descriptors would. */
    private record Fake(String name, int priority, Availability availability, Map<String, String> facts)
            implements Backend {
        @Override
        public Map<String, String> diagnostics() {
            if (facts == null) {
                throw new IllegalStateException("boom");
            }
            return facts;
        }

        @Override
        public Poller openPoller() throws IOException {
            throw new IOException("Too many open files");
        }
    }

    private static final Backends.Request UNSET = new Backends.Request(null, null, null, null);

    private static Backends.Discovered found(String name, int priority, Availability a, Map<String, String> facts) {
        return Backends.Discovered.of(new Fake(name, priority, a, facts));
    }

    @Test
    void withNoBackendAtAllTheReportFailsAndSaysWhichArtifactToAdd() throws Exception {
        BackendReport report = Backends.report(); // chat-core's own class path: no backend
        assertFalse(report.ok());
        assertEquals("FAILED: no asynchat backend is on the class path or module path. Add the artifact"
                + " org.asynchat:chat-nio-selector (portable) or, on Linux, org.asynchat:chat-epoll-jni.", report.summary());
        assertTrue(report.toString().startsWith("result:   " + report.summary() + "\n"), report.toString());
        assertTrue(report.toString().contains("\nbackends: none on the class path or module path: add"
                + " org.asynchat:chat-nio-selector"), report.toString());
        assertTrue(report.toString().contains("\nlisten:   not tried: no backend to try\n"), report.toString());
        assertEquals("False []", PythonJson.eval(report.toJson(), "str(v['ok']) + ' ' + str(v['backends'])"));
    }

    @Test
    void anAvailableBackendThatCannotListenFailsTheReportWithTheCause() throws Exception {
        BackendReport report = Doctor.examine(List.of(found("fake", 5, Availability.yes(), Map.of())), UNSET, null);
        assertFalse(report.ok(), report.toString());
        assertTrue(report.summary().startsWith("FAILED: fake could not listen on 127.0.0.1:"
                + " java.io.IOException: Too many open files. The event loop would fail the same way: check the"
                + " open-file limit"), report.summary());
        assertEquals("False fake False", PythonJson.eval(report.toJson(),
                "' '.join(str(x) for x in (v['ok'], v['listen']['backend'], v['listen']['works']))"));
    }

    @Test
    void aNamedBackendThatIsUnknownOrUnavailableFailsWithWhatWorksInstead() {
        List<Backends.Discovered> backends = List.of(
                found("epoll", 20, Availability.no("no libasynchat-epoll.so on java.library.path"), Map.of()),
                found("nio", 10, Availability.yes(), Map.of()));
        BackendReport unknown = Doctor.examine(backends, UNSET, new Backends.Request("iouring", "--backend"));
        assertFalse(unknown.ok());
        assertEquals("FAILED: asynchat backend 'iouring' (asked for by --backend) is not known; found: epoll, nio;"
                + " available here: nio", unknown.summary());
        BackendReport unavailable = Doctor.examine(backends, UNSET, new Backends.Request("EPOLL", "--backend"));
        assertFalse(unavailable.ok());
        assertEquals("FAILED: asynchat backend 'EPOLL' (asked for by --backend) is not available here: no"
                + " libasynchat-epoll.so on java.library.path; available here: nio", unavailable.summary());
        assertTrue(unavailable.toString().contains("\nbackends: epoll, priority 20"), unavailable.toString());
        assertTrue(unavailable.toString().contains(": unavailable: no libasynchat-epoll.so on java.library.path\n"),
                unavailable.toString());
    }

    @Test
    void theChoiceSaysWhichSettingMadeItAndWhatAnApplicationWouldChooseWithoutTheName() {
        List<Backends.Discovered> backends = List.of(found("epoll", 20, Availability.yes(), Map.of()),
                found("nio", 10, Availability.yes(), Map.of()));
        Backends.Request byProperty = new Backends.Request("nio", "system property asynchat.backend", "nio", "epoll");
        String text = Doctor.examine(backends, byProperty, null).toString();
        assertTrue(text.contains("\nchosen:   nio: asked for by system property asynchat.backend\n"
                + "          asynchat.backend=nio, ASYNCHAT_BACKEND=epoll\n"), text);
        Backends.Request byEnvironment = new Backends.Request("nio", "environment variable ASYNCHAT_BACKEND", null, "nio");
        text = Doctor.examine(backends, byEnvironment, new Backends.Request("epoll", "--backend")).toString();
        assertTrue(text.contains("\nchosen:   epoll: asked for by --backend\n          without --backend, an"
                + " application here would choose nio (asked for by environment variable ASYNCHAT_BACKEND);"
                + " asynchat.backend unset, ASYNCHAT_BACKEND=nio\n"), text);
        text = Doctor.examine(backends, UNSET, null).toString();
        assertTrue(text.contains("\nchosen:   epoll: the highest-priority available backend; neither"
                + " asynchat.backend nor ASYNCHAT_BACKEND is set\n"), text);
    }

    @Test
    void diagnosticsAreShownUnderTheirBackendAndOneThatThrowsIsContained() throws Exception {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("library", "/opt/lib/libfake.so");
        facts.put("abi-version", "3");
        BackendReport report = Doctor.examine(List.of(found("fake", 5, Availability.yes(), facts),
                found("broken", 1, Availability.no("it is broken"), null)), UNSET, null);
        String text = report.toString();
        assertTrue(text.contains(": available\n            library: /opt/lib/libfake.so\n"
                + "            abi-version: 3\n"), text);
        assertTrue(text.contains(": unavailable: it is broken\n            diagnostics: failed:"
                + " java.lang.IllegalStateException: boom\n"), text);
        assertEquals("/opt/lib/libfake.so|3|java.lang.IllegalStateException: boom", PythonJson.eval(report.toJson(),
                "'|'.join([v['backends'][0]['diagnostics']['library'], v['backends'][0]['diagnostics']['abi-version'],"
                        + " v['backends'][1]['diagnostics']['diagnostics'][len('failed: '):]])"));
    }

    @Test
    void everyReportOfThisMachineParsesAndHasEveryPart() throws Exception {
        BackendReport report = Doctor.examine(List.of(found("fake", 5, Availability.yes(), Map.of())), UNSET, null);
        assertEquals("1 False ['format', 'ok', 'summary', 'asynchat', 'jdk', 'os', 'backends', 'chosen', 'listen',"
                + " 'limits', 'tls']", PythonJson.eval(report.toJson(), "' '.join(str(x) for x in (v['format'], v['ok'],"
                + " list(v.keys())))"));
        String java = PythonJson.eval(report.toJson(), "v['jdk']['version'] + ' ' + str(v['jdk']['feature'])");
        assertEquals(Runtime.version() + " " + Runtime.version().feature(), java);
        String text = report.toString();
        for (String label : List.of("result", "asynchat", "jdk", "os", "backends", "chosen", "listen", "limits", "tls")) {
            assertTrue(text.contains("\n" + label + ":") || text.startsWith(label + ":"), label + " in " + text);
        }
    }
}

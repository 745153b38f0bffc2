package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the framework logs when the network fails a channel: one complete WARN line, no stack
 * trace (a peer must not be able to flood the log). Read from what the test class path's SLF4J
 * binding, slf4j-simple, prints on standard error, as a user would see it.
 */
public abstract class ErrorLogCases extends ComplianceBase {

    /** The first line of a printed stack trace, or one of its frames. */
    private static final Pattern STACK_TRACE_LINE =
            Pattern.compile("^(\\s+at |\\s*Caused by: |[\\w.$]+(Exception|Error)(: .*)?$)");

    /** A client whose name marks its log lines. */
    static final class RefusedConnectProbe extends Dispatcher {
        RefusedConnectProbe(EventLoop loop) {
            super(loop);
        }
    }

    @Test
    void aRefusedConnectIsLoggedAsOneCompleteWarnLine() throws Exception {
        String binding = LoggerFactory.getILoggerFactory().getClass().getName();
        assertTrue(binding.equals("org.slf4j.simple.SimpleLoggerFactory"), "this case reads slf4j-simple's"
                + " output on standard error, but the test class path binds SLF4J to " + binding
                + "; put org.slf4j:slf4j-simple on the backend module's test class path");
        EventLoop loop = newLoop();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }

        List<String> printed = standardErrorOf(() -> {
            RefusedConnectProbe probe = new RefusedConnectProbe(loop);
            probe.connect(new InetSocketAddress(HOST, port));
            runUntil(loop, () -> !probe.isOpen(), Duration.ofSeconds(10));
        });

        List<String> about = printed.stream().filter(l -> l.contains("RefusedConnectProbe")).toList();
        assertEquals(1, about.size(), "one line about the channel, got: " + printed);
        String line = about.get(0);
        assertTrue(line.contains("WARN"), line);
        assertTrue(line.toLowerCase(java.util.Locale.ROOT).contains("refused"), "the line says what happened: " + line);
        assertFalse(line.contains("{}"), "every placeholder filled: " + line);
        assertTrue(line.endsWith("; closing the channel"), "the line is complete: " + line);
        assertEquals(List.of(), printed.stream().filter(l -> STACK_TRACE_LINE.matcher(l).find()).toList(),
                "no stack trace; everything printed: " + printed);
    }

    /** A block of test code that may throw. */
    interface Action {
        void run() throws Exception;
    }

    /** Runs the action with standard error also copied into a buffer; returns the lines it got. */
    private static List<String> standardErrorOf(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.err.flush();
            System.setErr(original);
        }
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }
}

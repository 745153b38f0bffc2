package org.asynchat.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.asynchat.examples.RunningServer;
import org.asynchat.examples.TextClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat example over raw sockets: nicknames, broadcast, commands, and a stalled member. */
class ChatExampleTest {

    RunningServer server;

    @BeforeEach
    void start() throws IOException {
        server = RunningServer.start(new ChatExample(), "--max-queue", "32k");
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    /** Connects and joins under a nickname; returns after the welcome lines. */
    TextClient join(String nick) throws IOException {
        TextClient c = new TextClient(server.port());
        assertTrue(c.readLine().contains("what is your nickname?"));
        c.send(nick + "\r\n");
        assertTrue(c.readLine().startsWith("* hello " + nick + ";"));
        assertTrue(c.readLine().startsWith("* commands:"));
        return c;
    }

    @Test
    void linesGoToTheOthers() throws IOException {
        try (TextClient alice = join("alice"); TextClient bob = join("bob")) {
            assertEquals("* bob has joined", alice.readLine());
            bob.send("hello, alice\n");
            assertEquals("<bob> hello, alice", alice.readLine());
            alice.send("héllo bob 👋\r\n");
            assertEquals("<alice> héllo bob 👋", bob.readLine());
            bob.send("/me waves\n");
            assertEquals("* bob waves", alice.readLine());
        }
    }

    @Test
    void nicknamesAreCheckedAndCanChange() throws IOException {
        try (TextClient alice = join("alice"); TextClient other = new TextClient(server.port())) {
            other.readLine();
            other.send("ALICE\n");
            assertEquals("! the nickname ALICE is taken; try another", other.readLine());
            other.send("not valid!\n");
            assertTrue(other.readLine().startsWith("! a nickname is 1 to"));
            other.send("carol\n");
            assertTrue(other.readLine().startsWith("* hello carol; here: alice"));
            other.readLine();
            assertEquals("* carol has joined", alice.readLine());
            other.send("/nick dave\n");
            assertEquals("* carol is now known as dave", other.readLine());
            assertEquals("* carol is now known as dave", alice.readLine());
            alice.send("/who\n");
            assertEquals("* here: alice, dave", alice.readLine());
            alice.send("/nick dave\n");
            assertEquals("! the nickname dave is taken; try another", alice.readLine());
            alice.send("/frobnicate\n");
            assertTrue(alice.readLine().startsWith("! unknown command /frobnicate"));
        }
    }

    @Test
    void quitAndDisconnectAreAnnounced() throws IOException {
        try (TextClient alice = join("alice")) {
            try (TextClient bob = join("bob")) {
                alice.readLine();
                bob.send("/quit see you\n");
                assertEquals("* bye", bob.readLine());
                assertTrue(bob.closedByServer());
            }
            assertEquals("* bob has left (see you)", alice.readLine());
            try (TextClient carol = join("carol")) {
                alice.readLine();
            }
            assertEquals("* carol has left (connection closed)", alice.readLine());
        }
    }

    @Test
    void aMemberWhoHalfClosesLeavesAtOnceAndStillGetsItsAnswers() throws Exception {
        server.close();
        server = RunningServer.start(new ChatExample(), "--max-queue", "1m"); // bob's answers fit his sendq
        try (TextClient alice = join("alice"); TextClient bob = new TextClient(server.port(), 4096)) {
            bob.readLine();
            bob.send("bob\n");
            bob.readLine();
            bob.readLine();
            assertEquals("* bob has joined", alice.readLine());
            // More answers than bob's socket buffers hold, then end of stream, reading nothing yet.
            int helps = 2_000;
            bob.send("/help\n".repeat(helps));
            bob.socket().shutdownOutput();
            assertEquals("* bob has left (connection closed)", alice.readLine(),
                    "bob leaves the room when he is done talking, not when his answers are read");
            for (int i = 0; i < helps; i++) {
                assertTrue(bob.readLine().startsWith("* commands:"), "answer " + i + " arrives");
            }
            assertTrue(bob.closedByServer(), "then the connection closes");
        }
    }

    @Test
    void overlongLinesAreRefusedNotForwarded() throws IOException {
        try (TextClient alice = join("alice"); TextClient bob = join("bob")) {
            alice.readLine();
            bob.send("z".repeat(ChatExample.DEFAULT_MAX_LINE + 10) + "\n");
            assertTrue(bob.readLine().startsWith("! line too long"));
            bob.send("short\n");
            assertEquals("<bob> short", alice.readLine());
        }
    }

    @Test
    void aMemberThatStopsReadingIsDroppedAndTheOthersGoOn() throws IOException {
        try (TextClient alice = join("alice"); TextClient stalled = new TextClient(server.port(), 4096);
                TextClient bob = join("bob")) {
            alice.readLine();
            stalled.readLine();
            stalled.send("stalled\n"); // and from now on reads nothing
            assertEquals("* stalled has joined", alice.readLine());
            assertEquals("* stalled has joined", bob.readLine());
            String line = "x".repeat(1000);
            // Enough to fill the stalled member's socket buffers and then its bounded queue.
            boolean dropped = false;
            for (int i = 0; i < 20_000 && !dropped; i++) {
                alice.send(line + "\n");
                String seen = bob.readLine();
                if (seen.equals("* stalled was dropped (not reading)")) {
                    dropped = true;
                    seen = bob.readLine();
                }
                assertEquals("<alice> " + line, seen, "bob is served throughout");
            }
            assertTrue(dropped, "the stalled member was dropped");
            assertTrue(stalled.closedByServer(), "and its connection closed");
            alice.send("after the drop\n");
            assertEquals("<alice> after the drop", bob.readLine());
            bob.send("/who\n");
            assertEquals("* here: alice, bob", bob.readLine());
        }
    }
}

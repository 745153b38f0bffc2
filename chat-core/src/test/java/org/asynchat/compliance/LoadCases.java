package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Many connections at once. */
public abstract class LoadCases extends ComplianceBase {

    @Test
    void fiveHundredConcurrentClientsEachGetTheirOwnFramesBack() throws Exception {
        LoopThread t = startLoop();
        Server server = onLoop(t, () -> listen(t.loop, LineEcho::new));
        int clients = 500;
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            sockets.add(connect(server.port()));
        }
        // All connected at once; each sends its own lines, split across writes.
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < clients; i++) {
                OutputStream out = sockets.get(i).getOutputStream();
                String line = "client " + i + " round " + round + " " + "x".repeat(i % 97);
                int half = line.length() / 2;
                out.write(bytes(line.substring(0, half)));
                out.write(bytes(line.substring(half) + "\n"));
            }
            for (int i = 0; i < clients; i++) {
                InputStream in = sockets.get(i).getInputStream();
                assertEquals("client " + i + " round " + round + " " + "x".repeat(i % 97), readLine(in));
            }
        }
        assertEquals(clients + 1, onLoop(t, t.loop::channelCount));
        for (Socket s : sockets) {
            s.close();
        }
        await("every connection closed", () -> {
            try {
                return onLoop(t, t.loop::channelCount) == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}

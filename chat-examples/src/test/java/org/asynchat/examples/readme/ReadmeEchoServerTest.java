package org.asynchat.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.asynchat.EventLoop;
import org.junit.jupiter.api.Test;

/** The README's echo server works as printed. */
class ReadmeEchoServerTest {

    @Test
    void theReadmeEchoServerEchoes() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            EchoServer server = new EchoServer(loop, new InetSocketAddress("127.0.0.1", 0));
            int port = server.localAddress().getPort();
            Thread thread = loop.start();
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("hello\nagain\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("hello", in.readLine());
                assertEquals("again", in.readLine());
            } finally {
                loop.close();
                thread.join(10_000);
            }
        }
    }
}

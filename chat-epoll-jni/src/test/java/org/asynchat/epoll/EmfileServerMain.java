package org.asynchat.epoll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.asynchat.AcceptedConnection;
import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;

/**
 * A child JVM's main for {@link AcceptExhaustionTest}: the line echo server of
 * {@link EpollEchoTest} on the epoll backend. It serves one connection of its own first, so that every class the accept and echo
 * paths need is loaded while descriptors are still plentiful (loading a class opens a file),
 * then prints {@code ready port=P fds=N pid=PID} and serves until killed.
 */
public final class EmfileServerMain {

    private EmfileServerMain() {
    }

    /**
     * Runs the server.
     *
     * @param args unused
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        EventLoop loop = new EventLoop(new EpollBackend());
        Dispatcher server = new Dispatcher(loop) {
            @Override
            protected void handleAccepted(AcceptedConnection connection) {
                new EpollEchoTest.Echo(connection);
            }
        };
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        server.listen(64);
        int port = server.localAddress().getPort();
        loop.start();
        warmUp(port);
        // The error paths too: the exception type, its message text, and the accept back-off.
        NativeErrors.exception("accept4", -Native.EMFILE).getMessage();
        Thread.sleep(200); // the warm-up connection's server side closes
        System.out.println("ready port=" + port + " fds=" + NativeTestSupport.openFds() + " pid="
                + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void warmUp(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("warm\n".getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            in.readNBytes(5);
        }
    }
}

package org.asynchat.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;
import org.asynchat.spi.Backend;

/**
 * An example server running in the test JVM on its own loop thread, on 127.0.0.1 and a port
 * the kernel picks. Closing it stops the loop and closes every connection.
 */
public final class RunningServer implements AutoCloseable {

    private final EventLoop loop;
    private final Thread thread;
    private final int port;

    private RunningServer(EventLoop loop, Dispatcher listener) {
        this.loop = loop;
        this.port = listener.localAddress().getPort();
        this.thread = loop.start();
    }

    /**
     * Starts an example with command-line flags, as {@code java -jar} would.
     *
     * @param example the example
     * @param backend the backend to run on
     * @param flags the example's flags, for example {@code "--root", "/tmp/x"}
     * @return the running server
     * @throws IOException if it cannot start
     */
    public static RunningServer start(Example example, Backend backend, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of(example.name(), "--host", "127.0.0.1", "--port", "0"));
        args.addAll(List.of(flags));
        Options options = Main.parse(example, args.toArray(new String[0]));
        EventLoop loop = new EventLoop(backend);
        try {
            Dispatcher listener = example.open(loop, new InetSocketAddress("127.0.0.1", 0), options);
            return new RunningServer(loop, listener);
        } catch (IOException | RuntimeException e) {
            loop.close();
            throw e;
        }
    }

    /**
     * Starts an example on the default backend.
     *
     * @param example the example
     * @param flags its flags
     * @return the running server
     * @throws IOException if it cannot start
     */
    public static RunningServer start(Example example, String... flags) throws IOException {
        return start(example, org.asynchat.Backends.select(), flags);
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the server's loop.
     *
     * @return the loop
     */
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        loop.close();
    }
}

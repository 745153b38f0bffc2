package org.asynchat.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.asynchat.EventLoop;
import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;
import org.asynchat.spi.Backend;

/**
 * An example server running in the test JVM on its own loop threads (one unless the flags say
 * {@code --threads N}), on 127.0.0.1 and a port the kernel picks. Closing it stops the loops
 * and closes every connection.
 */
public final class RunningServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final int port;

    private RunningServer(EventLoopGroup group, GroupListener listener) {
        this.group = group;
        this.port = listener.localAddress().getPort();
        group.start();
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
        EventLoopGroup group = new EventLoopGroup(options.integer("threads"), backend);
        try {
            GroupListener listener = example.open(group, new InetSocketAddress("127.0.0.1", 0), options);
            return new RunningServer(group, listener);
        } catch (IOException | RuntimeException e) {
            group.close();
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
     * Returns the server's loops.
     *
     * @return the group
     */
    public EventLoopGroup group() {
        return group;
    }

    /**
     * Returns the backend the server runs on.
     *
     * @return the backend
     */
    public Backend backend() {
        return group.backend();
    }

    /**
     * Returns the number of open channels (listener included) over all loops.
     *
     * @return the channel count
     */
    public int channelCount() {
        int n = 0;
        for (EventLoop l : group.loops()) {
            n += l.channelCount();
        }
        return n;
    }

    /**
     * Stops the loops and closes every connection.
     *
     * @throws InterruptedException if interrupted while the loop threads finish
     */
    @Override
    public void close() throws InterruptedException {
        group.close();
    }
}

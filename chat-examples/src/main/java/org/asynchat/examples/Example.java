package org.asynchat.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;

/**
 * One runnable example server: a sub-command of {@code java -jar chat-examples.jar}.
 */
public interface Example {

    /**
     * Returns the sub-command name.
     *
     * @return the name, for example {@code "echo"}
     */
    String name();

    /**
     * Returns a one-line description for {@code --help}.
     *
     * @return the description
     */
    String description();

    /**
     * Returns the flags this example takes beyond the common ones.
     *
     * @return the example's own flags
     */
    default List<Flag> flags() {
        return List.of();
    }

    /**
     * Starts the server's listener on the loop.
     *
     * @param loop the event loop, not yet running
     * @param address where to listen
     * @param options the parsed flags
     * @return the listening dispatcher
     * @throws IOException if the server cannot listen
     */
    Dispatcher open(EventLoop loop, InetSocketAddress address, Options options) throws IOException;
}

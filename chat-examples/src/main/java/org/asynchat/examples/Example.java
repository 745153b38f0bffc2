package org.asynchat.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;

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
     * Returns what {@code EXAMPLE --help} prints after the flags: how the example behaves where
     * a user needs to know (limits, what a peer is told). Lines end with {@code \n}.
     *
     * @return the text, or an empty string
     */
    default String notes() {
        return "";
    }

    /**
     * Starts the server's listener on the group. With {@code --threads N} the group has N
     * loops, so the channel factory runs on several threads and state shared between
     * connections must be thread-safe.
     *
     * @param group the event loops, not yet running
     * @param address where to listen
     * @param options the parsed flags
     * @return the listener
     * @throws IOException if the server cannot listen
     */
    GroupListener open(EventLoopGroup group, InetSocketAddress address, Options options) throws IOException;
}

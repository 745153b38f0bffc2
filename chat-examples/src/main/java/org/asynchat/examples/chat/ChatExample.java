package org.asynchat.examples.chat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;
import org.asynchat.examples.Example;
import org.asynchat.examples.Flag;
import org.asynchat.examples.Options;
import org.asynchat.examples.support.Listener;

/**
 * A line-based chat room, the classic asynchat demo.
 *
 * <pre>
 * java -jar chat-examples.jar chat --port 7000
 * nc 127.0.0.1 7000          (in two terminals)
 * </pre>
 */
public final class ChatExample implements Example {

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String description() {
        return "line-based chat room (nc or telnet): /nick, /who, /me, /quit; clients that stop reading are dropped";
    }

    @Override
    public List<Flag> flags() {
        return List.of(new Flag("max-queue", "SIZE",
                "output a member may have waiting before it is dropped as not reading", "64k"));
    }

    @Override
    public GroupListener open(EventLoopGroup group, InetSocketAddress address, Options options) throws IOException {
        ChatRoom room = new ChatRoom(options.bytes("max-queue"));
        return Listener.open(group, address, options, connection -> new ChatMember(connection, room));
    }
}

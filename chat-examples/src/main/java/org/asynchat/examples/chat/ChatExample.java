package org.asynchat.examples.chat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;
import org.asynchat.examples.Example;
import org.asynchat.examples.Flag;
import org.asynchat.examples.Options;
import org.asynchat.examples.UsageException;
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

    /** The longest line a member may send by default, in bytes. */
    static final int DEFAULT_MAX_LINE = 4096;
    /** The largest --max-line: a line must fit a member's sendq, and a sendq a Java array. */
    static final int MAX_MAX_LINE = 16 * 1024 * 1024;
    /** The smallest --max-queue: enough for the welcome and a few lines. */
    static final long MIN_QUEUE = 1024;

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String description() {
        return "line-based chat room (nc or telnet): /nick, /who, /me, /quit; a member that stops reading is"
                + " dropped and told why";
    }

    @Override
    public List<Flag> flags() {
        return List.of(
                new Flag("max-queue", "SIZE", "the most of the room's lines that may wait for one member (its sendq);"
                        + " past it the member is dropped as not reading", "64k"),
                new Flag("stall-timeout", "TIME", "a member behind that reads nothing for this long is dropped, even"
                        + " under its sendq", "5s"),
                new Flag("max-line", "SIZE", "longest line a member may send, not counting its line ending; a longer"
                        + " line is not sent, and its sender is told so and stays", String.valueOf(DEFAULT_MAX_LINE)));
    }

    @Override
    public String notes() {
        return """
                How the room's lines flow (IRC's sendq, with the room paced by its readers instead of flood control):
                  A member more than a quarter of --max-queue behind holds the talkers back while it reads: their
                  next lines wait, unread, in TCP, so the room goes at the pace of its slowest reader and a paste
                  never pushes out a member who reads slowly but steadily (about 16 KB/s or more).
                  A member behind that reads nothing for 1 s is no longer waited for: the others get the room's
                  lines at their own speed. It is dropped when its lines would pass --max-queue, or when it has
                  read nothing for --stall-timeout; it is told "! disconnected: " and why, and the others see
                  "* NICK was dropped (not reading)".
                """;
    }

    @Override
    public GroupListener open(EventLoopGroup group, InetSocketAddress address, Options options) throws IOException {
        long maxQueue = options.bytes("max-queue");
        if (maxQueue < MIN_QUEUE) {
            throw new UsageException("--max-queue must be at least " + MIN_QUEUE + " bytes (a few lines), not "
                    + options.get("max-queue"));
        }
        Duration stall = options.duration("stall-timeout");
        if (stall.isZero()) {
            throw new UsageException("--stall-timeout must be more than 0, not " + options.get("stall-timeout"));
        }
        int maxLine = options.bytes("max-line", 1, MAX_MAX_LINE);
        if (2L * maxLine > maxQueue) {
            throw new UsageException("--max-queue (" + options.get("max-queue") + ") must hold at least two of the"
                    + " longest lines (--max-line " + options.get("max-line") + "); raise --max-queue or lower --max-line");
        }
        ChatRoom room = new ChatRoom(new ChatRoom.Limits(maxQueue, stall, maxLine));
        return Listener.open(group, address, options, connection -> new ChatMember(connection, room));
    }
}

package org.asynchat.examples.chat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The members of the room, by nickname, and delivery to them. Each member's output queue is
 * bounded: a member that stops reading is dropped when a delivery would pass the bound, so a
 * stalled client costs the others nothing and the server a bounded amount of memory.
 *
 * <p>Confined to the loop thread, like the members.
 */
final class ChatRoom {

    private final long maxQueuedBytes;
    /** Members in order of arrival, by lower-case nickname (nicknames are unique ignoring case). */
    private final Map<String, ChatMember> members = new LinkedHashMap<>();

    ChatRoom(long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    boolean isTaken(String nick) {
        return members.containsKey(nick.toLowerCase(Locale.ROOT));
    }

    void join(ChatMember member) {
        members.put(member.nick().toLowerCase(Locale.ROOT), member);
    }

    void rename(String oldNick, ChatMember member) {
        members.remove(oldNick.toLowerCase(Locale.ROOT));
        members.put(member.nick().toLowerCase(Locale.ROOT), member);
    }

    /** Removes a member; false if it was not (or no longer) in the room. */
    boolean leave(ChatMember member) {
        return member.nick() != null && members.remove(member.nick().toLowerCase(Locale.ROOT), member);
    }

    List<String> nicks() {
        List<String> nicks = new ArrayList<>();
        members.values().forEach(m -> nicks.add(m.nick()));
        return nicks;
    }

    /** Sends a notice line to everyone but {@code except} (null for everyone). */
    void announce(String text, ChatMember except) {
        broadcast((text + "\r\n").getBytes(StandardCharsets.UTF_8), except);
    }

    /**
     * Sends one line (CRLF included) to everyone but {@code except}. Members whose queue would
     * pass the bound are dropped afterwards, and the others are told.
     *
     * @return true if a member is left behind: more is queued for it than its high watermark
     */
    boolean broadcast(byte[] line, ChatMember except) {
        List<ChatMember> stalled = null;
        boolean behind = false;
        for (ChatMember m : members.values()) {
            if (m == except) {
                continue;
            }
            if (m.queuedOutputBytes() + line.length > maxQueuedBytes) {
                if (stalled == null) {
                    stalled = new ArrayList<>();
                }
                stalled.add(m);
            } else {
                m.push(line);
                behind |= !m.isWritable();
            }
        }
        if (stalled != null) {
            for (ChatMember m : stalled) {
                if (leave(m)) {
                    m.drop("you were not reading: over " + maxQueuedBytes + " bytes were waiting for you");
                    announce("* " + m.nick() + " was dropped (not reading)", null);
                }
            }
        }
        return behind;
    }
}

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
 * <p>Members may live on different event loops ({@code --threads}): the member table is
 * guarded by the room's monitor, and each delivery runs on the receiving member's own loop
 * (see {@link ChatMember#deliver}), in the order it was sent.
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

    synchronized boolean isTaken(String nick) {
        return members.containsKey(nick.toLowerCase(Locale.ROOT));
    }

    /** Enters the room under a nickname; false if another member took it first. */
    synchronized boolean join(String nick, ChatMember member) {
        return members.putIfAbsent(nick.toLowerCase(Locale.ROOT), member) == null;
    }

    /** Changes a member's nickname; false if another member has the new one. */
    synchronized boolean rename(String oldNick, String newNick, ChatMember member) {
        String key = newNick.toLowerCase(Locale.ROOT);
        ChatMember holder = members.get(key);
        if (holder != null && holder != member) {
            return false;
        }
        members.remove(oldNick.toLowerCase(Locale.ROOT), member);
        members.put(key, member);
        return true;
    }

    /** Removes a member; false if it was not (or no longer) in the room. */
    synchronized boolean leave(String nick, ChatMember member) {
        return nick != null && members.remove(nick.toLowerCase(Locale.ROOT), member);
    }

    synchronized List<String> nicks() {
        List<String> nicks = new ArrayList<>();
        members.values().forEach(m -> nicks.add(m.nick()));
        return nicks;
    }

    private synchronized List<ChatMember> snapshot() {
        return new ArrayList<>(members.values());
    }

    /** Sends a notice line to everyone but {@code except} (null for everyone). */
    void announce(String text, ChatMember except) {
        broadcast((text + "\r\n").getBytes(StandardCharsets.UTF_8), except);
    }

    /** Sends one line (CRLF included) to everyone but {@code except}. */
    void broadcast(byte[] line, ChatMember except) {
        for (ChatMember m : snapshot()) {
            if (m != except) {
                m.deliver(line);
            }
        }
    }
}

package org.asynchat.examples.chat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    /**
     * Members that have fallen behind: more of the room's lines wait for them than their high
     * watermark. Talkers hold back while there are any (see {@code ChatMember.talk}). Any loop.
     */
    private final Set<ChatMember> behind = ConcurrentHashMap.newKeySet();

    ChatRoom(long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** More of the room's lines than this waiting for a member, and it is behind: a quarter of the bound. */
    long behindBytes() {
        return maxQueuedBytes / 4;
    }

    /** A member that was behind has caught up at this many bytes waiting: an eighth of the bound. */
    long caughtUpBytes() {
        return maxQueuedBytes / 8;
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
        behind.remove(member);
        return nick != null && members.remove(nick.toLowerCase(Locale.ROOT), member);
    }

    /** More of the room's lines than {@link #behindBytes()} wait for a member. */
    void fellBehind(ChatMember member) {
        behind.add(member);
    }

    /** What waits for a member is down to {@link #caughtUpBytes()}. */
    void caughtUp(ChatMember member) {
        behind.remove(member);
    }

    /** Whether a member has fallen behind and not caught up yet. */
    boolean anyoneBehind() {
        return !behind.isEmpty();
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

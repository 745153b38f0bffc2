package org.asynchat.examples.chat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The members of the room, by nickname, and delivery to them. How lines flow when members
 * read at different speeds (see {@link Delivery} and {@link TalkerGate}):
 * <ul>
 * <li>a member more than {@link #behindBytes()} behind, who reads, holds the talkers back
 *     until it is down to {@link #caughtUpBytes()}: the room goes at the pace of its slowest
 *     reader, and one paste cannot push a slow reader out;</li>
 * <li>a member behind who reads nothing for {@link Limits#patience()} is no longer waited
 *     for: the others get the room's lines at their own speed, and its own lines pile up;</li>
 * <li>it is dropped, and told why, when they pass {@link Limits#maxQueuedBytes()} (IRC's
 *     sendq) or when it has read nothing for {@link Limits#stallTimeout()}.</li>
 * </ul>
 *
 * <p>Members may live on different event loops ({@code --threads}): the member table is
 * guarded by the room's monitor, and each delivery runs on the receiving member's own loop
 * (see {@link Delivery#deliver}), in the order it was sent.
 */
final class ChatRoom {

    /**
     * The room's settings.
     *
     * @param maxQueuedBytes the most of the room's lines that may wait for one member (its sendq)
     * @param stallTimeout how long a member behind may read nothing before it is dropped
     * @param maxLine the longest line a member may send, in bytes, line ending included
     */
    record Limits(long maxQueuedBytes, Duration stallTimeout, int maxLine) {

        /** The longest the room waits for a member behind that reads nothing. */
        static final Duration PATIENCE = Duration.ofSeconds(1);

        /** How long the room waits for a member behind that reads nothing: a second, or the stall timeout if shorter. */
        Duration patience() {
            return stallTimeout.compareTo(PATIENCE) < 0 ? stallTimeout : PATIENCE;
        }
    }

    private final Limits limits;
    private final TalkerGate gate = new TalkerGate();
    /** Members in order of arrival, by lower-case nickname (nicknames are unique ignoring case). */
    private final Map<String, ChatMember> members = new LinkedHashMap<>();

    ChatRoom(Limits limits) {
        this.limits = limits;
    }

    Limits limits() {
        return limits;
    }

    TalkerGate gate() {
        return gate;
    }

    /** More of the room's lines than this waiting for a member, and it is behind: a quarter of the sendq. */
    long behindBytes() {
        return limits.maxQueuedBytes() / 4;
    }

    /** A member that was behind has caught up at this many bytes waiting: an eighth of the sendq. */
    long caughtUpBytes() {
        return limits.maxQueuedBytes() / 8;
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
    boolean leave(String nick, ChatMember member) {
        gate.forget(member);
        synchronized (this) {
            return nick != null && members.remove(nick.toLowerCase(Locale.ROOT), member);
        }
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
                m.delivery().deliver(line);
            }
        }
    }
}

package org.asynchat.examples.chat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds talkers back while a member who reads has fallen behind: the room's flow control. A
 * talker whose line finds the gate shut stops reading (its further lines wait in TCP, on its
 * own side) and is let through when the last member the room waits for has caught up, has
 * stopped reading (the room then goes on without it) or has left.
 *
 * <p>Thread-safe: members and talkers may be on different loops. A talker registers before it
 * looks at the gate again, and a member leaves the waited-for set before it looks at the
 * talkers, so that one of the two always sees the other (no talker is left paused).
 */
final class TalkerGate {

    /** Members more of whose lines wait than their high watermark, and who read. */
    private final Set<ChatMember> waitedFor = ConcurrentHashMap.newKeySet();
    /** Talkers paused until {@link #waitedFor} is empty. */
    private final Set<ChatMember> held = ConcurrentHashMap.newKeySet();

    /** Whether a talker should wait now. */
    boolean isShut() {
        return !waitedFor.isEmpty();
    }

    /** The room waits for this member until {@link #stopWaitingFor}. */
    void waitFor(ChatMember member) {
        waitedFor.add(member);
    }

    /** The member caught up, stopped reading or left: talkers go on if nobody else is waited for. */
    void stopWaitingFor(ChatMember member) {
        if (waitedFor.remove(member) && waitedFor.isEmpty()) {
            releaseAll();
        }
    }

    /** A talker has paused its reading; it is resumed once the gate opens (at once if it already has). */
    void hold(ChatMember talker) {
        held.add(talker);
        if (waitedFor.isEmpty()) {
            releaseAll();
        }
    }

    /** Forgets a member that left, whichever side of the gate it was on. */
    void forget(ChatMember member) {
        held.remove(member);
        stopWaitingFor(member);
    }

    private void releaseAll() {
        for (ChatMember talker : held) {
            if (held.remove(talker)) {
                talker.resumeTalking();
            }
        }
    }
}

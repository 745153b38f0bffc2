package org.asynchat.examples.chat;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import org.asynchat.Cancellable;

/**
 * The room's lines on their way to one member, and whether the member keeps up with them. It
 * tells the room's {@link TalkerGate} when the member falls behind (more waits for it than
 * its high watermark) and when it has caught up; while the member is behind, it looks every
 * {@link #LOOK_EVERY} at how much of its queue the socket took since the last look. Nothing
 * taken for the room's patience: the room stops waiting for it. Nothing taken for the stall
 * timeout, or a line that would pass the sendq: the member is dropped.
 *
 * <p>Progress is what the kernel accepted, the only measure the channel has: the kernel
 * reports room for more only after about a third of its send buffer has gone, so the
 * members' send buffer is kept small ({@link ChatMember#SEND_BUFFER}), or a slow reader
 * would seem to read nothing for seconds at a time.
 *
 * <p>{@link #deliver} runs on any loop; everything else on the member's own loop.
 */
final class Delivery {

    /** How often a member that is behind is looked at. */
    static final Duration LOOK_EVERY = Duration.ofMillis(100);

    private final ChatMember member;
    private final ChatRoom room;
    /**
     * Bytes handed to this member's loop by talkers on other loops and not queued yet: for the
     * pacing they count as queued, so that a talker cannot get ahead of a member on another loop
     * either. Any thread.
     */
    private final AtomicLong inFlight = new AtomicLong();
    /** Every byte ever pushed to the member: less what is queued, what its socket took. */
    private long pushedBytes;
    /** More waits than the high watermark, and not down to the low one since. */
    private boolean behind;
    /** Behind and read nothing for the room's patience: the room does not wait for it. */
    private boolean stalled;
    private long takenAtLastLook;
    private long lastProgressNanos;
    private Cancellable nextLook;

    Delivery(ChatMember member, ChatRoom room) {
        this.member = member;
        this.room = room;
    }

    /**
     * Delivers a line from the room, on the member's own loop: directly when the sender is on
     * the same loop, else handed over (tasks from one thread run in order, so each sender's
     * lines arrive in order). Any thread.
     */
    void deliver(byte[] line) {
        if (member.loop().inEventLoop()) {
            deliverHere(line);
            return;
        }
        if (inFlight.addAndGet(line.length) > room.behindBytes()) {
            room.gate().waitFor(member); // at once, so that this talker's next line waits
        }
        try {
            member.loop().execute(() -> {
                inFlight.addAndGet(-line.length);
                deliverHere(line);
            });
        } catch (RejectedExecutionException closed) {
            // the member's loop has shut down, and the member with it
        }
    }

    private void deliverHere(byte[] line) {
        if (!member.isOpen() || member.nick() == null) {
            return;
        }
        long queued = member.queuedOutputBytes();
        if (queued + line.length > room.limits().maxQueuedBytes()) {
            member.dropAsNotReading("you were not reading: over " + room.limits().maxQueuedBytes()
                    + " bytes were waiting for you");
            return;
        }
        member.send(line);
        reassess();
    }

    /** Counts a push to the member; every push goes through here. */
    void pushed(int bytes) {
        pushedBytes += bytes;
    }

    /**
     * Updates behind or caught up after a delivery or a change of writability; with a line
     * handed over from another loop, the gate may wait for a member that is stalled, which is
     * undone here.
     */
    void reassess() {
        long flying = inFlight.get();
        if (!member.isWritable() || flying > room.behindBytes()) {
            if (!behind) {
                behind = true;
                stalled = false;
                takenAtLastLook = taken();
                lastProgressNanos = System.nanoTime();
                room.gate().waitFor(member);
                lookLater();
            } else if (stalled) {
                room.gate().stopWaitingFor(member);
            }
        } else if (flying <= room.caughtUpBytes()) {
            if (behind) {
                behind = false;
                stalled = false;
                if (nextLook != null) {
                    nextLook.cancel();
                    nextLook = null;
                }
            }
            room.gate().stopWaitingFor(member);
        }
    }

    private long taken() {
        return pushedBytes - member.queuedOutputBytes();
    }

    private void lookLater() {
        nextLook = member.loop().schedule(LOOK_EVERY, this::look);
    }

    private void look() {
        nextLook = null;
        if (!behind || !member.isOpen()) {
            return;
        }
        long now = System.nanoTime();
        long taken = taken();
        if (taken > takenAtLastLook) {
            takenAtLastLook = taken;
            lastProgressNanos = now;
            if (stalled) {
                stalled = false; // reading again: the room waits for it again
                room.gate().waitFor(member);
            }
        } else {
            long idle = now - lastProgressNanos;
            if (idle >= room.limits().stallTimeout().toNanos()) {
                member.dropAsNotReading("you read nothing for " + seconds(room.limits().stallTimeout()) + " while "
                        + member.queuedOutputBytes() + " bytes were waiting for you");
                return;
            }
            if (!stalled && idle >= room.limits().patience().toNanos()) {
                stalled = true; // the others go on without it; its lines pile up towards the sendq
                room.gate().stopWaitingFor(member);
            }
        }
        lookLater();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}

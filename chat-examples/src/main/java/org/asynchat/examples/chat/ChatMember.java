package org.asynchat.examples.chat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.FrameTooLongException;
import org.asynchat.Terminator;
import org.asynchat.examples.support.ByteAccumulator;

/**
 * One person in the room: the classic asynchat chat demo. The first line is the nickname;
 * every later line goes to the others as {@code <nick> text}, unless it is a command:
 * {@code /nick NAME}, {@code /who}, {@code /me ACTION}, {@code /quit [MESSAGE]},
 * {@code /help}. Lines end at LF (a CR before it is dropped), so telnet and nc both work.
 */
final class ChatMember extends AsyncChat {

    private static final Terminator LINE = Terminator.of("\n");
    static final int MAX_LINE = 4096;
    static final int MAX_NICK = 24;
    /** How long a dropped member gets to read its farewell before the socket is closed anyway. */
    private static final Duration DROP_GRACE = Duration.ofSeconds(2);
    private static final String HELP = "* commands: /nick NAME, /who, /me ACTION, /quit [MESSAGE], /help";

    private final ChatRoom room;
    private final ByteAccumulator line = new ByteAccumulator(MAX_LINE, 128);
    /** Null until the member has chosen a nickname; read by other loops for /who. */
    private volatile String nick;

    ChatMember(AcceptedConnection connection, ChatRoom room) {
        super(connection);
        this.room = room;
        setTerminator(LINE);
        setMaxFrameLength(MAX_LINE);
        say("* welcome to the asynchat chat room; what is your nickname?");
    }

    String nick() {
        return nick;
    }

    private void say(String text) {
        push((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void collectIncomingData(ByteBuffer data) {
        line.append(data); // the frame limit keeps a line within MAX_LINE
    }

    /** A line went past {@link #MAX_LINE}: refused, and the framer drops the rest of it. */
    @Override
    protected void handleFrameTooLong(FrameTooLongException error) {
        line.clear();
        say("! line too long (the limit is " + MAX_LINE + " bytes); it was not sent");
    }

    @Override
    public void foundTerminator() {
        int n = line.length();
        if (n > 0 && line.array()[n - 1] == '\r') {
            n--;
        }
        String text = new String(line.array(), 0, n, StandardCharsets.UTF_8);
        line.clear();
        if (nick == null) {
            chooseNick(text.strip());
        } else if (text.startsWith("/")) {
            command(text);
        } else if (!text.isBlank()) {
            room.broadcast(("<" + nick + "> " + text + "\r\n").getBytes(StandardCharsets.UTF_8), this);
        }
    }

    private void chooseNick(String wanted) {
        if (!validNick(wanted) || !claimed(room.join(wanted, this), wanted)) {
            return;
        }
        nick = wanted;
        var others = room.nicks();
        others.remove(nick);
        say("* hello " + nick + "; " + (others.isEmpty() ? "nobody else is here yet" : "here: " + String.join(", ", others)));
        say(HELP);
        room.announce("* " + nick + " has joined", this);
    }

    private boolean validNick(String wanted) {
        if (wanted.isEmpty() || wanted.length() > MAX_NICK
                || !wanted.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
            say("! a nickname is 1 to " + MAX_NICK + " letters, digits, '-' or '_'; try another");
            return false;
        }
        if (room.isTaken(wanted) && !wanted.equalsIgnoreCase(nick)) {
            say("! the nickname " + wanted + " is taken; try another");
            return false;
        }
        return true;
    }

    private void command(String text) {
        int space = text.indexOf(' ');
        String name = space < 0 ? text : text.substring(0, space);
        String arg = space < 0 ? "" : text.substring(space + 1).strip();
        switch (name) {
            case "/nick" -> {
                if (validNick(arg) && claimed(room.rename(nick, arg, this), arg)) {
                    String old = nick;
                    nick = arg;
                    room.announce("* " + old + " is now known as " + nick, null);
                }
            }
            case "/who" -> say("* here: " + String.join(", ", room.nicks()));
            case "/me" -> room.announce("* " + nick + " " + arg, this);
            case "/quit" -> {
                say("* bye");
                leave(arg.isEmpty() ? "quit" : arg);
                closeWhenDone();
            }
            case "/help" -> say(HELP);
            default -> say("! unknown command " + name + "; " + HELP.substring(2));
        }
    }

    /** Says so when another member, perhaps on another loop, took the nickname first. */
    private boolean claimed(boolean won, String wanted) {
        if (!won) {
            say("! the nickname " + wanted + " is taken; try another");
        }
        return won;
    }

    /**
     * Delivers a line from the room, on this member's own loop: directly when the sender is
     * on the same loop, else handed over (tasks from one thread run in order, so each
     * sender's lines arrive in order). A member whose queue would pass the bound is dropped.
     */
    void deliver(byte[] text) {
        if (loop().inEventLoop()) {
            deliverHere(text);
        } else {
            try {
                loop().execute(() -> deliverHere(text));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // this member's loop has shut down, and the member with it
            }
        }
    }

    private void deliverHere(byte[] text) {
        if (!isOpen() || nick == null) {
            return;
        }
        if (queuedOutputBytes() + text.length <= room.maxQueuedBytes()) {
            push(text);
        } else if (room.leave(nick, this)) {
            drop("you were not reading: over " + room.maxQueuedBytes() + " bytes were waiting for you");
            room.announce("* " + nick + " was dropped (not reading)", null);
        }
    }

    private void leave(String why) {
        if (room.leave(nick, this)) {
            room.announce("* " + nick + " has left (" + why + ")", this);
        }
    }

    /**
     * Removes a member that stopped reading: its queue is dropped, a last notice is queued,
     * and the socket is closed once that is read or after {@link #DROP_GRACE}.
     */
    void drop(String why) {
        discardBuffers();
        say("! disconnected: " + why);
        closeWhenDone();
        loop().schedule(DROP_GRACE, this::close);
    }

    @Override
    protected void handleClose() {
        leave("connection closed");
        close();
    }
}

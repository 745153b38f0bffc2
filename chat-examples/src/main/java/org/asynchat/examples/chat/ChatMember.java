package org.asynchat.examples.chat;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

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
    static final int MAX_NICK = 24;
    /**
     * The kernel's send buffer for a member, in bytes (the kernel doubles it). Small, because
     * the room's own queue is the buffer that counts: a member's progress is seen only when the
     * kernel takes more, which it does after a third of its buffer has gone (see
     * {@link Delivery}); with the default autotuning (up to 4 MiB) a member reading 100 KB/s
     * would seem to read nothing for 10 s at a time. 16 KiB still keeps 32 KiB in flight,
     * 300 KB/s to a member 100 ms away.
     */
    static final int SEND_BUFFER = 16 * 1024;
    /** How long a dropped member gets to read its farewell before the socket is closed anyway. */
    private static final Duration DROP_GRACE = Duration.ofSeconds(5);
    private static final String HELP = "* commands: /nick NAME, /who, /me ACTION, /quit [MESSAGE], /help";

    private final ChatRoom room;
    private final Delivery delivery;
    private final ByteAccumulator line;
    /** Null until the member has chosen a nickname; read by other loops for /who. */
    private volatile String nick;

    ChatMember(AcceptedConnection connection, ChatRoom room) {
        super(connection);
        this.room = room;
        this.delivery = new Delivery(this, room);
        int maxLine = room.limits().maxLine();
        this.line = new ByteAccumulator(maxLine + 1, 128); // the line and the CR of a CRLF
        setTerminator(LINE);
        setMaxFrameLength(maxLine + 1);
        setWriteWatermarks(room.caughtUpBytes(), room.behindBytes());
        try {
            setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
        } catch (IOException | UnsupportedOperationException e) {
            // the kernel's default then: a slow reader's progress is seen later, that is all
        }
        say("* welcome to the asynchat chat room; what is your nickname?");
    }

    String nick() {
        return nick;
    }

    Delivery delivery() {
        return delivery;
    }

    /** Pushes bytes to this member; every push goes through here, so that {@link Delivery} sees them. */
    void send(byte[] bytes) {
        delivery.pushed(bytes.length);
        push(bytes);
    }

    private void say(String text) {
        send((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void collectIncomingData(ByteBuffer data) {
        line.append(data); // the frame limit keeps a line within the limit
    }

    /** A line went past the limit: refused, and the framer drops the rest of it. */
    @Override
    protected void handleFrameTooLong(FrameTooLongException error) {
        line.clear();
        say("! line too long (the limit is " + room.limits().maxLine() + " bytes); it was not sent");
    }

    @Override
    public void foundTerminator() {
        int n = line.length();
        if (n > 0 && line.array()[n - 1] == '\r') {
            n--;
        }
        if (n > room.limits().maxLine()) { // a line of the limit's length and a CR is fine; one more is not
            line.clear();
            say("! line too long (the limit is " + room.limits().maxLine() + " bytes); it was not sent");
            return;
        }
        String text = new String(line.array(), 0, n, StandardCharsets.UTF_8);
        line.clear();
        if (nick == null) {
            chooseNick(text.strip());
        } else if (text.startsWith("/")) {
            command(text);
        } else if (!text.isBlank()) {
            talk("<" + nick + "> " + text, this);
        }
    }

    /**
     * Sends a line to the room (but {@code except}) for this member, and then, while the room
     * waits for a member who has fallen behind (see {@link ChatRoom}), stops reading this
     * member's input: its next lines wait in TCP until the gate opens. Without that, one member
     * pasting a flood of lines reached the others faster than they could read, and those who
     * could not keep up were dropped as "not reading" (found by {@code ChatFuzzTest}).
     */
    private void talk(String text, ChatMember except) {
        room.broadcast((text + "\r\n").getBytes(StandardCharsets.UTF_8), except);
        if (room.gate().isShut() && !isReadingPaused()) {
            pauseReading();
            room.gate().hold(this);
        }
    }

    /** The gate opened: reads this member's input again. Any thread. */
    void resumeTalking() {
        try {
            loop().execute(() -> {
                if (isOpen()) {
                    resumeReading();
                }
            });
        } catch (RejectedExecutionException closed) {
            // the loop has shut down, and this member with it
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
                    talk("* " + old + " is now known as " + nick, null);
                }
            }
            case "/who" -> say("* here: " + String.join(", ", room.nicks()));
            case "/me" -> talk("* " + nick + " " + arg, this);
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

    @Override
    protected void handleWritabilityChanged() {
        delivery.reassess();
    }

    /** Drops this member from the room as not reading, says why to it, and tells the others. */
    void dropAsNotReading(String why) {
        if (room.leave(nick, this)) {
            drop(why);
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
     * and the socket is closed once that is read or after {@link #DROP_GRACE}. The notice
     * starts on a new line when output was waiting, since the line being written may have been
     * cut by the discard.
     */
    private void drop(String why) {
        boolean cut = queuedOutputBytes() > 0;
        discardBuffers();
        say((cut ? "\r\n" : "") + "! disconnected: " + why);
        closeWhenDone();
        loop().schedule(DROP_GRACE, this::close);
    }

    /**
     * The member sent its last line: it leaves the room at once (nothing it could still read
     * is worth holding its place for), and gets what was already queued for it, then the close.
     */
    @Override
    protected void handlePeerShutdown() {
        leave("connection closed");
        super.handlePeerShutdown();
    }

    @Override
    protected void handleClose() {
        leave("connection closed");
        close();
    }
}

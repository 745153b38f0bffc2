package org.asynchat.examples.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.FrameTooLongException;
import org.asynchat.Terminator;
import org.asynchat.examples.support.Ascii;
import org.asynchat.examples.support.ByteAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP session (RFC 5321), in the manner of Python's {@code smtpd.SMTPChannel}: commands
 * are CRLF-terminated lines; after {@code DATA} the lines are the message, until a line
 * holding only a dot.
 *
 * <p>Why the message is read line by line and not with smtpd's {@code "\r\n.\r\n"}
 * terminator: the CRLF that begins the end marker is the one that ends the last line, or, for
 * an empty message, the one that ended the {@code DATA} command itself, which the line
 * terminator already consumed; smtpd then never sees the end of an empty message. Reading
 * lines, the end is simply the line {@code "."}, and dot-unstuffing (RFC 5321 section 4.5.2:
 * a leading dot is doubled by the client) is dropping the first byte of a line that begins
 * with one. Each line goes straight to the spool file, so a message of any size costs no
 * more memory than a line.
 *
 * <p>The spool is written on the loop thread: simple, and fine for an example; a busy server
 * would hand the writes and the final {@code fsync} to another thread and push the reply from
 * there ({@code push} may be called from any thread).
 */
final class SmtpChannel extends AsyncChat {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpChannel.class);

    private static final Terminator LINE = Terminator.of("\r\n");
    private static final byte[] CRLF = {'\r', '\n'};
    /** The longest command line by default: RFC 5321's 512 octets plus room for extension parameters. */
    static final int MAX_COMMAND_LINE = 1024;
    /** RFC 5321 section 4.5.3.1.4: a command line may be 512 octets with its CRLF, so --max-line is at least 510. */
    static final int MIN_COMMAND_LINE = 510;
    /** RFC 5321 section 4.5.3.1.8 asks that at least 100 recipients be accepted. */
    static final int MAX_RECIPIENTS = 1000;
    /** RFC 5321 section 4.5.3.2.7: the server waits at least five minutes for the next command. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    private static final DateTimeFormatter RFC5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final SmtpServerConfig config;
    private final ByteAccumulator command;

    /** The client's HELO/EHLO name, null before it greeted. */
    private String greeting;
    private boolean extended;
    /** The envelope of the transaction under way: sender (null before MAIL) and recipients. */
    private String sender;
    private final List<String> recipients = new ArrayList<>();

    /** While reading the message: where it goes, and the state of the current line. */
    private Spool.Draft draft;
    private long messageBytes;
    private boolean tooBig;
    private IOException writeFailure;
    private boolean atLineStart;
    private boolean dotAtLineStart;
    private boolean lineHasText;

    SmtpChannel(AcceptedConnection connection, SmtpServerConfig config) {
        super(connection);
        this.config = config;
        this.command = new ByteAccumulator(config.maxCommandLine(), 128);
        setTerminator(LINE);
        setMaxFrameLength(config.maxCommandLine());
        setIdleTimeout(IDLE_TIMEOUT);
        reply("220 " + config.hostname() + " ESMTP asynchat-smtp ready");
    }

    private void reply(String line) {
        push((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- input

    @Override
    public void collectIncomingData(ByteBuffer data) {
        if (draft == null) {
            command.append(data); // the frame limit keeps a command within --max-line
            return;
        }
        if (atLineStart) {
            atLineStart = false;
            if (data.get(data.position()) == '.') {
                dotAtLineStart = true; // dropped: either the end marker or a doubled (stuffed) dot
                data = data.slice(data.position() + 1, data.remaining() - 1);
            }
        }
        if (data.hasRemaining()) {
            lineHasText = true;
            store(data);
        }
    }

    @Override
    public void foundTerminator() {
        if (draft == null) {
            String line = command.toString(StandardCharsets.UTF_8);
            command.clear();
            command(line);
        } else if (dotAtLineStart && !lineHasText) {
            endOfMessage();
        } else {
            store(ByteBuffer.wrap(CRLF));
            atLineStart = true;
            dotAtLineStart = false;
            lineHasText = false;
        }
    }

    /**
     * A command line went past {@code --max-line}: answered at once, and the framer drops the
     * rest of the line; the session goes on. (Message lines are not limited: they go straight
     * to disk.)
     */
    @Override
    protected void handleFrameTooLong(FrameTooLongException error) {
        command.clear();
        reply("500 Error: line too long (the limit is " + config.maxCommandLine() + " bytes)");
    }

    private void store(ByteBuffer data) {
        messageBytes += data.remaining();
        if (messageBytes > config.maxSize()) {
            tooBig = true; // keep reading to the end marker, then answer 552
        }
        if (tooBig || writeFailure != null) {
            return;
        }
        try {
            draft.write(data);
        } catch (IOException e) {
            writeFailure = e;
        }
    }

    // ---------------------------------------------------------------- commands

    private void command(String line) {
        if (line.isEmpty()) {
            reply("500 Error: bad syntax");
            return;
        }
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String arg = space < 0 ? null : line.substring(space + 1).strip();
        if (arg != null && arg.isEmpty()) {
            arg = null;
        }
        switch (verb) {
            case "HELO", "EHLO" -> hello(verb, arg);
            case "MAIL" -> mail(arg);
            case "RCPT" -> rcpt(arg);
            case "DATA" -> data(arg);
            case "RSET" -> {
                if (arg != null) {
                    reply("501 Syntax: RSET");
                } else {
                    resetTransaction();
                    reply("250 OK");
                }
            }
            case "NOOP" -> reply("250 OK"); // RFC 5321: a NOOP argument is ignored
            case "VRFY" -> reply(arg == null ? "501 Syntax: VRFY <address>"
                    : "252 Cannot VRFY user, but will accept message and attempt delivery");
            case "HELP" -> reply("250 Supported commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY");
            case "EXPN" -> reply("502 EXPN not implemented");
            case "QUIT" -> {
                reply("221 Bye");
                closeWhenDone();
            }
            default -> reply("500 Error: command \"" + verb + "\" not recognized");
        }
    }

    /**
     * HELO or EHLO. A second greeting is allowed and resets the transaction (RFC 5321 section
     * 4.1.4); smtpd answers it with 503 instead.
     */
    private void hello(String verb, String arg) {
        if (arg == null) {
            reply("501 Syntax: " + verb + " hostname");
            return;
        }
        resetTransaction();
        greeting = arg;
        extended = verb.equals("EHLO");
        if (!extended) {
            reply("250 " + config.hostname());
            return;
        }
        reply("250-" + config.hostname());
        reply("250-SIZE " + config.maxSize());
        reply("250-8BITMIME");
        reply("250-PIPELINING");
        reply("250 HELP");
    }

    private void mail(String arg) {
        String syntax = "501 Syntax: MAIL FROM: <address>" + (extended ? " [SP <mail-parameters>]" : "");
        if (greeting == null) {
            reply("503 Error: send HELO first");
            return;
        }
        MailCommand mail = MailCommand.parse("FROM:", arg, true);
        if (mail == null || (!extended && !mail.parameters().isEmpty())) {
            reply(syntax);
            return;
        }
        if (sender != null) {
            reply("503 Error: nested MAIL command");
            return;
        }
        var params = new LinkedHashMap<>(mail.parameters());
        String body = params.remove("BODY");
        if (body != null && !body.equalsIgnoreCase("7BIT") && !body.equalsIgnoreCase("8BITMIME")) {
            reply("501 Error: BODY can only be one of 7BIT, 8BITMIME");
            return;
        }
        String size = params.remove("SIZE");
        if (size != null) {
            long declared = Ascii.parseUnsigned(size);
            if (declared < 0) {
                reply(syntax);
                return;
            }
            if (declared > config.maxSize()) {
                reply("552 Error: message size exceeds fixed maximum message size");
                return;
            }
        }
        if (!params.isEmpty()) {
            reply("555 MAIL FROM parameters not recognized or not implemented");
            return;
        }
        sender = mail.address();
        reply("250 OK");
    }

    private void rcpt(String arg) {
        if (greeting == null) {
            reply("503 Error: send HELO first");
            return;
        }
        if (sender == null) {
            reply("503 Error: need MAIL command");
            return;
        }
        MailCommand rcpt = MailCommand.parse("TO:", arg, false);
        if (rcpt == null || (!extended && !rcpt.parameters().isEmpty())) {
            reply("501 Syntax: RCPT TO: <address>" + (extended ? " [SP <mail-parameters>]" : ""));
            return;
        }
        if (!rcpt.parameters().isEmpty()) {
            reply("555 RCPT TO parameters not recognized or not implemented");
            return;
        }
        if (recipients.size() >= MAX_RECIPIENTS) {
            reply("452 Error: too many recipients");
            return;
        }
        recipients.add(rcpt.address());
        reply("250 OK");
    }

    private void data(String arg) {
        if (greeting == null) {
            reply("503 Error: send HELO first");
            return;
        }
        if (recipients.isEmpty()) {
            reply(sender == null ? "503 Error: need MAIL command" : "503 Error: need RCPT command");
            return;
        }
        if (arg != null) {
            reply("501 Syntax: DATA");
            return;
        }
        try {
            draft = config.spool().begin();
            draft.write(ByteBuffer.wrap(traceHeaders(draft.id()).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.error("{}: cannot start a message in the spool: {}", this, e.toString());
            abortMessage();
            reply("451 Requested action aborted: local error in processing");
            return;
        }
        messageBytes = 0;
        tooBig = false;
        writeFailure = null;
        atLineStart = true;
        dotAtLineStart = false;
        lineHasText = false;
        setMaxFrameLength(NO_FRAME_LIMIT); // message lines are streamed to disk, bounded by --max-size
        reply("354 End data with <CR><LF>.<CR><LF>");
    }

    /**
     * The header lines a receiving server adds on top: the envelope (sender in
     * {@code Return-Path}, recipients in {@code X-Original-To}, as a local delivery agent
     * writes them) and the {@code Received} trace line (RFC 5321 section 4.4).
     */
    private String traceHeaders(String id) {
        InetSocketAddress peer = remoteAddress();
        String ip = peer == null ? "unknown" : peer.getAddress().getHostAddress();
        return "Return-Path: <" + sender + ">\r\n"
                + "X-Original-To: " + String.join(", ", recipients) + "\r\n"
                + "Received: from " + greeting + " ([" + ip + "])\r\n"
                + "\tby " + config.hostname() + " (asynchat-smtp) with " + (extended ? "ESMTP" : "SMTP")
                + " id " + id + "\r\n"
                + "\t" + (recipients.size() == 1 ? "for <" + recipients.get(0) + ">" : "") + "; "
                + RFC5322_DATE.format(ZonedDateTime.now()) + "\r\n";
    }

    private void endOfMessage() {
        Spool.Draft message = draft;
        draft = null;
        setMaxFrameLength(config.maxCommandLine());
        if (tooBig) {
            message.abort();
            reply("552 Error: Too much mail data (the limit is " + config.maxSize() + " bytes)");
        } else if (writeFailure != null) {
            message.abort();
            LOG.error("{}: writing message {} to the spool failed: {}", this, message.id(), writeFailure.toString());
            reply("451 Requested action aborted: local error in processing");
        } else {
            try {
                message.commit();
                reply("250 OK: queued as " + message.id());
            } catch (IOException e) {
                message.abort();
                LOG.error("{}: saving message {} failed: {}", this, message.id(), e.toString());
                reply("451 Requested action aborted: local error in processing");
            }
        }
        resetTransaction();
    }

    private void resetTransaction() {
        sender = null;
        recipients.clear();
        abortMessage();
    }

    private void abortMessage() {
        if (draft != null) {
            draft.abort();
            draft = null;
        }
    }

    // ---------------------------------------------------------------- connection

    @Override
    protected void handleIdleTimeout() {
        reply("421 " + config.hostname() + " Error: timeout exceeded, closing the connection");
        abortMessage();
        closeWhenDone();
    }

    /** A message cut off by a disconnect is never kept: its temporary file goes too. */
    @Override
    public void close() {
        abortMessage();
        super.close();
    }
}

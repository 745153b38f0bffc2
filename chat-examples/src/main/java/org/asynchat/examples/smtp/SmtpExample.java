package org.asynchat.examples.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;
import org.asynchat.examples.Example;
import org.asynchat.examples.Flag;
import org.asynchat.examples.Options;
import org.asynchat.examples.support.Listener;

/**
 * A receiving mail server (RFC 5321) in the manner of Python's {@code smtpd.SMTPServer}: each
 * accepted message becomes one {@code .eml} file in the spool directory.
 *
 * <pre>
 * java -jar chat-examples.jar smtp --port 2525 --spool ./mail
 * swaks --server 127.0.0.1:2525 --to you@example.org
 * </pre>
 */
public final class SmtpExample implements Example {

    /** The largest --max-line: a command line is held in one array. */
    static final int MAX_MAX_LINE = 1024 * 1024;

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public String description() {
        return "receiving SMTP server (EHLO, SIZE, 8BITMIME): each message becomes a .eml file in --spool";
    }

    @Override
    public List<Flag> flags() {
        return List.of(
                new Flag("spool", "DIR", "directory for received messages; created if missing", "spool"),
                new Flag("max-size", "SIZE", "largest message accepted, as announced by SIZE", "32m"),
                new Flag("hostname", "NAME", "the server's name in replies; default: this host's name", null),
                new Flag("max-line", "SIZE", "longest command line, not counting its CRLF (at least 510: RFC 5321's 512"
                        + " with it); a longer one is answered '500 Error: line too long (the limit is N bytes)' and the"
                        + " session goes on. Message lines are not limited: they go to disk, within --max-size",
                        String.valueOf(SmtpChannel.MAX_COMMAND_LINE)));
    }

    @Override
    public GroupListener open(EventLoopGroup group, InetSocketAddress address, Options options) throws IOException {
        String hostname = options.get("hostname");
        if (hostname == null) {
            hostname = localHostName();
        }
        int maxLine = options.bytes("max-line", SmtpChannel.MIN_COMMAND_LINE, MAX_MAX_LINE);
        SmtpServerConfig config = new SmtpServerConfig(new Spool(options.path("spool")), options.bytes("max-size"),
                hostname, maxLine);
        return Listener.open(group, address, options, connection -> new SmtpChannel(connection, config));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}

package org.asynchat.examples.resp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.FrameTooLongException;
import org.asynchat.Terminator;
import org.asynchat.examples.support.Ascii;
import org.asynchat.examples.support.ByteAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis-protocol (RESP2) connection. A command arrives either inline ({@code SET k v}
 * and a newline, as typed into telnet) or as a multi-bulk array, which switches terminators
 * the asynchat way:
 *
 * <pre>
 * *3\r\n            line terminator: the number of arguments
 * $3\r\nSET\r\n     line terminator: "$" and a length; then a count terminator of length + 2
 * $1\r\nk\r\n       ... once per argument: values are binary-safe, they may hold CRLF
 * $1\r\nv\r\n
 * </pre>
 *
 * A protocol error (a bad length, a bulk over {@code --max-bulk}, a line over {@code --max-line})
 * is answered with {@code -ERR Protocol error: ...} and the connection is closed, as Redis
 * does: after one, the server cannot know where the next command begins.
 */
final class RespChannel extends AsyncChat {

    private static final Logger LOG = LoggerFactory.getLogger(RespChannel.class);

    /**
     * Lines end at LF; a CR before it is dropped. Multi-bulk clients always send CRLF, and
     * inline commands typed into {@code nc} end with a bare LF: this accepts both, as Redis does.
     */
    private static final Terminator LINE = Terminator.of("\n");
    /** Redis's PROTO_INLINE_MAX_SIZE: the longest inline command or header line by default. */
    static final int DEFAULT_MAX_LINE = 64 * 1024;
    /** The largest line array a connection keeps between lines. */
    private static final int LINE_KEPT = 1024;
    /** Redis's limit on the number of arguments in one multi-bulk command. */
    private static final int MAX_ARGUMENTS = 1024 * 1024;
    /** Arguments room is made for before they arrive, as Redis does; see {@code arrayHeaderRead}. */
    private static final int INITIAL_ARGUMENTS = 1024;
    /**
     * The most bytes of a bulk allocated before they arrive: a bulk up to this size (most
     * values) is read straight into an array of its exact size, a longer one grows as its
     * bytes come. So a client's claim alone costs at most this much per connection: thousands
     * of connections announcing "$500000000" and sending nothing hold a few MB, not gigabytes.
     */
    private static final int EAGER_BULK = 1024;
    /**
     * Replies are encoded here, then pushed (which copies them), so the channels of one loop
     * thread share one writer: an idle connection holds no reply buffer.
     */
    private static final ThreadLocal<RespWriter> WRITERS = ThreadLocal.withInitial(RespWriter::new);

    private final Commands commands;
    private final long maxBulk;
    /**
     * Multi-bulk header lines ({@code *3}, {@code $5}) are a few bytes, so the line starts at
     * 16 (an idle connection's heap went from 516 to about 470 bytes); a long inline command
     * grows it, and an array over {@link #LINE_KEPT} is given back after its line.
     */
    private final ByteAccumulator line;
    /** The longest line, not counting its line ending ({@code --max-line}). */
    private final int maxLine;

    /** The command being read: its arguments, how many are in and announced. */
    private byte[][] args;
    private int argCount;
    private int argsAnnounced;
    /** The bulk being read ({@code -1} between bulks), its bytes so far, and the CRLF bytes after it. */
    private long bulkLength = -1;
    private byte[] bulk;
    private int bulkFilled;
    private int bulkTail;
    private boolean closing;

    RespChannel(AcceptedConnection connection, Commands commands, long maxBulk, int maxLine) {
        super(connection);
        this.commands = commands;
        this.maxBulk = maxBulk;
        this.maxLine = maxLine;
        this.line = new ByteAccumulator(maxLine + 1, 16); // the line and the CR of a CRLF
        setTerminator(LINE);
        setMaxFrameLength(maxLine + 1); // bulks are read with counts, which the frame limit leaves alone
    }

    @Override
    public void collectIncomingData(ByteBuffer data) {
        if (closing) {
            return;
        }
        if (bulkLength >= 0) {
            bulkData(data); // the count terminator stops exactly after the bulk's CRLF
        } else {
            line.append(data); // the frame limit keeps a line within maxLine and a CR
        }
    }

    /** A line went past {@code --max-line} without its end. */
    @Override
    protected void handleFrameTooLong(FrameTooLongException error) {
        line.clear();
        lineTooLong();
    }

    /** Answered in Redis's own words, which clients know. */
    private void lineTooLong() {
        protocolError(args == null ? "too big inline request" : "too big bulk count string");
    }

    @Override
    public void foundTerminator() {
        if (closing) {
            return;
        }
        if (bulkLength >= 0) {
            bulkRead();
            return;
        }
        int n = line.length();
        byte[] b = line.array();
        if (n > 0 && b[n - 1] == '\r') {
            n--;
        }
        if (n > maxLine) { // the limit and a CR fit the frame limit; the limit and any other byte do not
            line.clear(LINE_KEPT);
            lineTooLong();
            return;
        }
        if (args == null) {
            if (n > 0 && b[0] == '*') {
                arrayHeaderRead(b, n);
            } else {
                inlineRead(b, n);
            }
        } else {
            bulkHeaderRead(b, n);
        }
        line.clear(LINE_KEPT);
    }

    /**
     * {@code *N}: N bulk strings follow. Redis ignores {@code *0} and {@code *-1}. The array of
     * arguments starts small and grows as they arrive: sized from the claim, ten bytes of
     * {@code *1048576} cost 4 MB of heap, and a few hundred such connections exhausted it.
     */
    private void arrayHeaderRead(byte[] b, int n) {
        long count = parseLength(b, n);
        if (count == Long.MIN_VALUE || count > MAX_ARGUMENTS) {
            protocolError("invalid multibulk length");
        } else if (count > 0) {
            argsAnnounced = (int) count;
            args = new byte[Math.min(argsAnnounced, INITIAL_ARGUMENTS)][];
            argCount = 0;
        }
    }

    /** {@code $N}: the next argument is N bytes and a CRLF, read with a count terminator. */
    private void bulkHeaderRead(byte[] b, int n) {
        if (n == 0 || b[0] != '$') {
            protocolError("expected '$', got '" + (n == 0 ? "" : (char) b[0]) + "'");
            return;
        }
        long length = parseLength(b, n);
        if (length < 0 || length > maxBulk) {
            protocolError("invalid bulk length");
            return;
        }
        bulkLength = length;
        // Sized from the client's claim only up to EAGER_BULK: a lying "$500000000" costs 1 KiB.
        bulk = new byte[(int) Math.min(length, EAGER_BULK)];
        bulkFilled = 0;
        bulkTail = 0;
        setTerminator(Terminator.count(length + 2));
    }

    /** Copies a piece of the bulk into its array, and checks the CRLF that ends it. */
    private void bulkData(ByteBuffer data) {
        int at = data.position();
        int end = data.limit();
        int n = (int) Math.min(end - at, bulkLength - bulkFilled);
        if (n > 0) {
            if (bulkFilled + n > bulk.length) { // only a bulk over EAGER_BULK grows, up to its length
                bulk = Arrays.copyOf(bulk, (int) Math.min(bulkLength, Math.max(bulkFilled + n, 2L * bulk.length)));
            }
            data.get(at, bulk, bulkFilled, n);
            bulkFilled += n;
            at += n;
        }
        for (; at < end; at++) { // the count stops after two more bytes, which must be CR LF
            if (bulkTail < 0 || data.get(at) != (bulkTail == 0 ? '\r' : '\n')) {
                bulkTail = -1; // seen by bulkRead, which answers the protocol error
                return;
            }
            bulkTail++;
        }
    }

    private void bulkRead() {
        if (bulkTail != 2) {
            protocolError("expected CRLF after a bulk string of " + bulkLength + " bytes");
            return;
        }
        if (argCount == args.length) {
            args = Arrays.copyOf(args, (int) Math.min(argsAnnounced, 2L * args.length));
        }
        args[argCount++] = bulk; // exactly bulkLength bytes: grown no further than that
        bulk = null;
        bulkLength = -1;
        setTerminator(LINE);
        if (argCount == argsAnnounced) {
            byte[][] command = args; // grown to exactly argsAnnounced
            args = null;
            execute(command);
        }
    }

    /** An inline command: arguments separated by spaces or tabs. An empty line is ignored. */
    private void inlineRead(byte[] b, int n) {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        while (i < n) {
            while (i < n && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && b[i] != ' ' && b[i] != '\t') {
                i++;
            }
            if (i > start) {
                words.add(Arrays.copyOfRange(b, start, i));
            }
        }
        if (!words.isEmpty()) {
            execute(words.toArray(new byte[0][]));
        }
    }

    private void execute(byte[][] command) {
        RespWriter out = WRITERS.get();
        boolean quit = commands.execute(command, out, Keyspace.millis(loop().turnNanos()));
        push(out.buffer());
        out.clear();
        if (quit) {
            stopReading();
        }
    }

    /** Parses the number after {@code *} or {@code $}; Long.MIN_VALUE if it is not one. */
    private static long parseLength(byte[] b, int n) {
        try {
            return Ascii.parseLong(b, 1, n);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private void protocolError(String what) {
        LOG.debug("{}: protocol error: {}", this, what);
        RespWriter out = WRITERS.get();
        out.error("ERR Protocol error: " + what);
        push(out.buffer());
        out.clear();
        stopReading();
    }

    /** Answers what is queued, then closes; input from now on is dropped. */
    private void stopReading() {
        closing = true;
        args = null;
        bulk = null;
        bulkLength = -1;
        setTerminator(Terminator.none());
        closeWhenDone();
    }
}

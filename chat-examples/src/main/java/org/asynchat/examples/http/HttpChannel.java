package org.asynchat.examples.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.FrameTooLongException;
import org.asynchat.Producer;
import org.asynchat.Terminator;
import org.asynchat.examples.support.Ascii;
import org.asynchat.examples.support.ByteAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection, grown from the asynchat documentation's {@code http_request_handler}:
 * the head is read up to the blank line ({@code "\r\n\r\n"}), then a body of
 * {@code Content-Length} bytes with a count terminator, or a chunked body by alternating a
 * line terminator (each chunk's size) with a count terminator (its data). Once a request is
 * complete it is answered and the terminator goes back to the blank line for the next one, so
 * keep-alive and pipelined requests need nothing more.
 */
final class HttpChannel extends AsyncChat {

    private static final Logger LOG = LoggerFactory.getLogger(HttpChannel.class);

    private static final Terminator END_OF_HEAD = Terminator.of("\r\n\r\n");
    private static final Terminator LINE = Terminator.of("\r\n");
    /** The CRLF after each chunk's data. */
    private static final Terminator CHUNK_END = Terminator.count(2);

    /** The most bytes of request line and headers (and, separately, of trailers). */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    /** How long a kept-alive connection may sit idle. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** After an error answer, how long the client's input is drained before closing; see {@code fail}. */
    private static final Duration LINGER = Duration.ofSeconds(2);
    /** A body buffer larger than this is not kept for the connection's next request. */
    private static final int BODY_KEEP_BYTES = 64 * 1024;
    /**
     * Queued output past which pipelined requests wait (see {@link #handleWritabilityChanged}),
     * and below which they are read again. An answer's head is about 200 bytes and may hold a
     * file open behind it, so the core's default (64 KiB) would let some 300 files be held for a
     * client that never reads; 8 KiB keeps it near 40.
     */
    private static final int HIGH_WATERMARK = 8 * 1024;
    private static final int LOW_WATERMARK = 4 * 1024;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private enum State {
        /** Reading the request line and headers. */
        HEAD,
        /** Reading a body of known length. */
        BODY,
        /** Reading a chunk-size line. */
        CHUNK_SIZE,
        /** Reading a chunk's data. */
        CHUNK_DATA,
        /** Reading the CRLF after a chunk's data. */
        CHUNK_END,
        /** Reading trailer lines after the last chunk. */
        TRAILERS,
        /** No more requests on this connection: input is read and dropped until it closes. */
        DONE
    }

    /** Bodies up to this size are pushed with the head (cached files, error pages, small echoes). */
    private static final int SMALL_BODY = 64 * 1024;

    private final FileSite site;
    private final long maxBody;
    /** The longest line of a head, chunk size or trailer, not counting its CRLF ({@code --max-line}). */
    private final int maxLine;
    private final ByteAccumulator head = new ByteAccumulator(MAX_HEAD_BYTES, 1024);
    private final ByteAccumulator line = new ByteAccumulator(MAX_HEAD_BYTES, 64);
    private final ByteAccumulator body;
    private State state = State.HEAD;
    private HttpRequest request;
    /** Trailer bytes read so far, held to the same limit as the head. */
    private int trailerBytes;
    /** The peer ended its input: no more requests will come. */
    private boolean peerEnded;

    HttpChannel(AcceptedConnection connection, FileSite site, long maxBody, int maxLine) {
        super(connection);
        this.site = site;
        this.maxBody = maxBody;
        this.maxLine = maxLine;
        this.body = new ByteAccumulator((int) Math.min(maxBody, Integer.MAX_VALUE - 8), 0);
        setTerminator(END_OF_HEAD);
        setMaxFrameLength(MAX_HEAD_BYTES);
        setIdleTimeout(IDLE_TIMEOUT);
        setWriteWatermarks(LOW_WATERMARK, HIGH_WATERMARK);
    }

    @Override
    public void collectIncomingData(ByteBuffer data) {
        switch (state) {
            case HEAD -> head.append(data); // the frame limit keeps it within MAX_HEAD_BYTES
            case BODY, CHUNK_DATA -> body.append(data); // the length was checked against --max-body before
            case CHUNK_SIZE, CHUNK_END, TRAILERS -> line.append(data);
            case DONE -> {
                // dropped: the connection is closing
            }
        }
    }

    /**
     * A head went past {@link #MAX_HEAD_BYTES}, or a chunk-size or trailer line past it, without
     * its end. (Lines over {@code --max-line} but within that are caught once they end.)
     */
    @Override
    protected void handleFrameTooLong(FrameTooLongException error) {
        switch (state) {
            case CHUNK_SIZE -> fail(400, "a chunk-size line exceeds " + maxLine + " bytes");
            case TRAILERS -> fail(431, "a trailer field line exceeds " + maxLine + " bytes");
            default -> fail(431, "the request line and headers exceed " + MAX_HEAD_BYTES + " bytes");
        }
    }

    @Override
    public void foundTerminator() {
        try {
            switch (state) {
                case HEAD -> headRead();
                case BODY -> requestRead();
                case CHUNK_SIZE -> chunkSizeRead();
                case CHUNK_DATA -> {
                    state = State.CHUNK_END;
                    setTerminator(CHUNK_END);
                }
                case CHUNK_END -> {
                    if (line.length() != 2 || line.array()[0] != '\r' || line.array()[1] != '\n') {
                        throw new HttpError(400, "a chunk's data must be followed by CRLF; is the chunk size right?");
                    }
                    line.clear();
                    state = State.CHUNK_SIZE;
                    setTerminator(LINE);
                }
                case TRAILERS -> {
                    if (line.length() == 0) { // the blank line ends the trailers, which are ignored
                        requestRead();
                        return;
                    }
                    if (line.length() > maxLine) {
                        throw new HttpError(431, "a trailer field line exceeds " + maxLine + " bytes");
                    }
                    trailerBytes += line.length() + 2;
                    line.clear();
                    if (trailerBytes > MAX_HEAD_BYTES) {
                        throw new HttpError(431, "the trailer fields exceed " + MAX_HEAD_BYTES + " bytes");
                    }
                }
                case DONE -> {
                }
            }
        } catch (HttpError e) {
            fail(e.status(), e.getMessage());
        }
    }

    private void headRead() throws HttpError {
        // A client may send a stray CRLF after a body (RFC 9112 section 2.2): skip blank lines.
        String text = head.toLatin1();
        head.clear();
        int start = 0;
        while (text.startsWith("\r\n", start)) {
            start += 2;
        }
        if (start == text.length()) {
            return; // only blank lines: wait for the request
        }
        checkLineLengths(text, start);
        request = HttpRequest.parse(text.substring(start));
        String coding = request.header("transfer-encoding");
        long length = request.contentLength();
        if (coding != null) {
            if (length >= 0) {
                throw new HttpError(400, "a request may not have both Transfer-Encoding and Content-Length");
            }
            if (!coding.equalsIgnoreCase("chunked")) {
                throw new HttpError(501, "Transfer-Encoding '" + coding + "' is not supported; use chunked");
            }
            expectBody();
            state = State.CHUNK_SIZE;
            setTerminator(LINE);
        } else if (length > maxBody) {
            throw new HttpError(413, "the body of " + length + " bytes exceeds the limit of " + maxBody + " bytes");
        } else if (length > 0) {
            expectBody();
            state = State.BODY;
            setTerminator(Terminator.count(length));
        } else if (length < 0 && request.method.equals("POST")) {
            throw new HttpError(411, "a POST needs a Content-Length or Transfer-Encoding: chunked");
        } else {
            requestRead();
        }
    }

    /**
     * Holds each line of the head to {@code --max-line}: a longer request line is answered 414
     * (its target is what makes it long), a longer header line 431, as nginx and Apache do.
     */
    private void checkLineLengths(String head, int start) throws HttpError {
        for (int at = start, end; at < head.length(); at = end + 2) {
            end = head.indexOf("\r\n", at);
            if (end < 0) {
                end = head.length();
            }
            if (end - at > maxLine) {
                if (at == start) {
                    throw new HttpError(414, "the request line exceeds " + maxLine + " bytes");
                }
                int colon = head.indexOf(':', at);
                String name = colon > at && colon < end ? head.substring(at, Math.min(colon, at + 64)) : "";
                throw new HttpError(431, "the header line" + (name.isEmpty() ? "" : " '" + name + "'") + " exceeds "
                        + maxLine + " bytes");
            }
        }
    }

    /** Tells a client that waits for it ({@code Expect: 100-continue}) to send its body. */
    private void expectBody() {
        if (request.minorVersion == 1 && request.headerHas("expect", "100-continue")) {
            push(CONTINUE);
        }
    }

    private void chunkSizeRead() throws HttpError {
        if (line.length() > maxLine) {
            throw new HttpError(400, "a chunk-size line exceeds " + maxLine + " bytes");
        }
        String text = line.toLatin1();
        line.clear();
        int semicolon = text.indexOf(';'); // chunk extensions are allowed and ignored
        long size = Ascii.parseHex((semicolon < 0 ? text : text.substring(0, semicolon)).strip());
        if (size < 0) {
            throw new HttpError(400, "bad chunk size '" + text + "'; expected hexadecimal digits");
        }
        if (size > maxBody - body.length()) {
            throw new HttpError(413, "the chunked body exceeds the limit of " + maxBody + " bytes");
        }
        if (size == 0) {
            state = State.TRAILERS;
            trailerBytes = 0;
            setTerminator(LINE);
        } else {
            state = State.CHUNK_DATA;
            setTerminator(Terminator.count(size));
        }
    }

    /** The whole request is in: answer it and make ready for the next one. */
    private void requestRead() {
        HttpRequest done = request;
        Response response = site.respond(done, body.toByteArray());
        boolean keepAlive = done.keepAlive() && !peerEnded;
        send(response, done.method.equals("HEAD"), !keepAlive, done.minorVersion == 0 && keepAlive);
        request = null;
        body.clear(BODY_KEEP_BYTES);
        if (keepAlive) {
            state = State.HEAD;
            setTerminator(END_OF_HEAD);
            if (!isWritable()) {
                pauseReading(); // until the answers drain: see handleWritabilityChanged
            }
        } else {
            stopReading();
            closeWhenDone();
        }
        LOG.debug("{} {} -> {}", done.method, done.target, response.status());
    }

    /**
     * Pipelined requests are read no faster than their answers leave. Once the queued answers
     * pass {@link #HIGH_WATERMARK}, {@code requestRead} pauses reading (at once, even
     * mid-buffer), so that TCP pushes back on a client that sends requests without reading the
     * answers; reading resumes here once they have drained to {@link #LOW_WATERMARK}. Without
     * this, such a client had the server queue an answer per request, each holding its file
     * open, until the process ran out of file descriptors and other clients were refused (found
     * by {@code HttpFuzzTest}).
     */
    @Override
    protected void handleWritabilityChanged() {
        if (isWritable() && isReadingPaused()) {
            resumeReading();
        }
    }

    private void send(Response response, boolean headOnly, boolean close, boolean keepAliveOptIn) {
        push(response.head(close, keepAliveOptIn));
        byte[] small = headOnly ? null : response.smallBody(SMALL_BODY);
        if (small != null) {
            // Copied into the output queue beside the head: one write (sendto) per answer, not
            // two. A producer's bytes leave in a write of their own.
            if (small.length > 0) {
                push(small);
            }
            return;
        }
        Producer producer = headOnly ? null : response.body();
        if (producer != null) {
            pushWithProducer(producer);
        } else {
            response.discardBody();
        }
    }

    /**
     * Answers with an error and ends the connection: after a framing error the server can no
     * longer tell where the next request would begin.
     */
    private void fail(int status, String reason) {
        if (state == State.DONE) {
            return;
        }
        LOG.debug("{}: {} {}", this, status, reason);
        send(Response.error(status, reason), request != null && request.method.equals("HEAD"), true, false);
        request = null;
        stopReading();
        // The client may still be sending (a body we refused). Closing a socket with unread
        // input makes the kernel reset the connection, and a reset can destroy the answer
        // before the client reads it. So half-close after the answer, keep reading and
        // dropping input until the client closes or LINGER passes, then close ("lingering
        // close", as Apache and nginx do).
        shutdownOutput();
        loop().schedule(LINGER, this::close);
    }

    private void stopReading() {
        state = State.DONE;
        setTerminator(Terminator.none());
        head.clear();
        body.clear(0);
    }

    /**
     * The client ended its input. It may have half-closed after its last request and still
     * read the answers (HTTP/1.0 style): those queued are sent, then the connection closes.
     */
    @Override
    protected void handlePeerShutdown() {
        peerEnded = true;
        if (writable() && state != State.DONE) {
            stopReading();
            closeWhenDone();
        } else if (!writable()) {
            close();
        }
    }

    @Override
    protected void handleError(Throwable error) {
        if (error instanceof IOException) {
            LOG.debug("{}: {}", this, error.toString());
            close();
        } else {
            // Peer-caused ChannelExceptions log one WARN line there, bugs an ERROR with the trace.
            super.handleError(error);
        }
    }
}

package org.asynchat;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.asynchat.internal.Framer;
import org.asynchat.spi.SocketHandle;

/**
 * An {@link AsyncChat}'s input path, from the socket to {@code collectIncomingData}: read up
 * to the in-buffer size into the loop's shared read buffer, copy it once to the loop's heap
 * array (searching an array is faster than searching direct memory), frame the read-only view
 * of that copy, park the rest of a read when a callback paused reading, and deliver held-back
 * bytes when input ends. The framing itself is the {@link Framer} this extends: one object per
 * channel, which matters when a server holds many idle connections.
 *
 * <p>This is where a TLS unwrap step would sit: between the socket read and the framer, on
 * the loop's buffers. Loop thread only.
 */
final class ChannelInput extends Framer {

    private final AsyncChat chat;
    /** The terminator as set; the framer holds its compiled form. */
    private Terminator terminator = Terminator.none();
    /** The most bytes one read takes: asynchat's {@code ac_in_buffer_size}. */
    private int bufferSize = AsyncChat.DEFAULT_BUFFER_SIZE;
    /** Input read but not yet framed because reading was paused mid-buffer (a heap copy). */
    private ByteBuffer parked;

    ChannelInput(AsyncChat chat) {
        this.chat = chat;
        setMaxFrameLength(AsyncChat.DEFAULT_MAX_FRAME_LENGTH);
    }

    void setTerminator(Terminator t) {
        terminator = t;
        t.applyTo(this);
    }

    /** The terminator; a count shows what is left to collect (see {@code AsyncChat.getTerminator}). */
    Terminator getTerminator() {
        Terminator t = terminator;
        if (t instanceof Terminator.Count c && c.count() != remaining()) {
            t = terminator = Terminator.count(remaining());
        }
        return t;
    }

    int bufferSize() {
        return bufferSize;
    }

    void setBufferSize(int size) {
        bufferSize = size;
    }

    /** The socket is readable: one read, framed. */
    void read() {
        EventLoop loop = chat.loop;
        assert loop.inEventLoop();
        int size = bufferSize;
        LoopMemory memory = loop.memory;
        ByteBuffer buf = memory.readBuffer(size).limit(size);
        int n;
        try {
            n = ((SocketHandle) chat.handle).read(buf);
        } catch (ConnectionResetException e) {
            ChannelEvents.peerReset(chat);
            return;
        } catch (IOException e) {
            ChannelEvents.fail(chat, e);
            return;
        }
        if (n > 0) {
            chat.lastActivityNanos = loop.turnNanos();
            byte[] copy = memory.readArray();
            buf.get(0, copy, 0, n);
            ByteBuffer view = memory.readView();
            view.limit(n).position(0);
            feed(view, copy);
            if (view.hasRemaining() && chat.readPaused && chat.isOpen()) {
                parked = ByteBuffer.allocate(view.remaining()).put(view).flip();
            }
        } else if (n < 0) {
            ChannelEvents.endOfInput(chat);
        }
    }

    /** Tells whether a paused read left input to frame after {@code resumeReading}. */
    boolean hasParked() {
        return parked != null;
    }

    /** Frames input parked by {@code pauseReading}, once reading resumed. */
    void frameParked() {
        ByteBuffer p = parked;
        if (p == null || chat.readPaused || !chat.isOpen()) {
            return;
        }
        parked = null;
        feed(p);
        if (p.hasRemaining() && chat.readPaused && chat.isOpen()) {
            parked = p;
        }
    }

    /** The channel closed: stop framing the read in progress, drop what was parked. */
    void release() {
        stop();
        parked = null;
    }

    @Override
    protected void collect(ByteBuffer data) {
        chat.collectIncomingData(data);
    }

    @Override
    protected void terminated() {
        chat.foundTerminator();
    }

    @Override
    protected void frameTooLong(long length, long limit) {
        chat.handleFrameTooLong(new FrameTooLongException(length, limit, terminator));
    }
}

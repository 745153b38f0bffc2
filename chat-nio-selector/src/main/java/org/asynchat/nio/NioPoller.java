package org.asynchat.nio;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import org.asynchat.spi.Handle;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.PollTimeout;
import org.asynchat.spi.Poller;
import org.asynchat.spi.ReadyHandler;
import org.asynchat.spi.SocketHandle;

/**
 * A {@link Selector} as a {@link Poller}. {@code select(Consumer, timeout)} hands each ready key
 * to one consumer created with the poller, so a poll allocates nothing.
 */
final class NioPoller implements Poller {

    private final Selector selector;
    private final Consumer<SelectionKey> onKey = this::onKey;
    /** The handler of the poll in progress; set for the duration of {@link #poll}. */
    private ReadyHandler handler;

    NioPoller() throws IOException {
        this.selector = Selector.open();
    }

    @Override
    public ListenerHandle openListener(ProtocolFamily family) throws IOException {
        return new NioListenerHandle(nonBlocking(ServerSocketChannel.open(family)));
    }

    @Override
    public SocketHandle openSocket(ProtocolFamily family) throws IOException {
        return new NioSocketHandle(nonBlocking(SocketChannel.open(family)));
    }

    /** Makes a new channel non-blocking, closing it if that fails. */
    static <C extends SelectableChannel> C nonBlocking(C channel) throws IOException {
        try {
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void register(Handle handle, int interest, Object attachment) throws IOException {
        if (!(handle instanceof NioHandle h)) {
            throw new IllegalArgumentException("the nio poller cannot register " + handle
                    + ", which comes from another backend");
        }
        h.register(selector, interest, attachment);
    }

    @Override
    public int poll(long timeoutNanos, ReadyHandler readyHandler) throws IOException {
        handler = readyHandler;
        try {
            if (timeoutNanos == 0) {
                return selector.selectNow(onKey);
            }
            if (timeoutNanos < 0) {
                return selector.select(onKey);
            }
            // Positive: rounded up, so never select(0), which would block without limit.
            return selector.select(onKey, PollTimeout.toMillis(timeoutNanos));
        } finally {
            handler = null;
        }
    }

    private void onKey(SelectionKey key) {
        int ops;
        try {
            int ready = key.readyOps();
            ops = ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 ? READ : 0)
                    | ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 ? WRITE : 0);
        } catch (CancelledKeyException e) {
            return; // closed by an earlier callback of this same poll
        }
        handler.ready(key.attachment(), ops);
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}

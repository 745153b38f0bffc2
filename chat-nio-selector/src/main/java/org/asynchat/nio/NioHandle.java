package org.asynchat.nio;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

import org.asynchat.spi.Handle;

/**
 * What the nio listener and socket handles share: a selectable channel, its key, and the
 * translation of interest into selection-key operations.
 */
abstract class NioHandle implements Handle {

    private final SelectableChannel channel;
    private SelectionKey key;

    NioHandle(SelectableChannel channel) {
        this.channel = channel;
    }

    /** The selection-key operations for asynchat's READ/WRITE interest, in this handle's state. */
    abstract int selectionOps(int interest);

    final void register(Selector selector, int interest, Object attachment) throws IOException {
        if (key != null) {
            throw new IllegalStateException("a handle is registered with one poller for its whole life");
        }
        key = channel.register(selector, selectionOps(interest), attachment);
    }

    /**
     * The connect completed, so write interest, which {@link #selectionOps} translated to
     * {@code OP_CONNECT} while it was pending, now means {@code OP_WRITE}. The loop sets the
     * interest only when it changes, and a channel that wanted to write while connecting
     * (and not to read) wants the same after: without this the key keeps {@code OP_CONNECT},
     * which a connected channel never reports, and the channel never gets a write event.
     */
    final void connectCompleted() {
        SelectionKey k = key;
        if (k == null) {
            return;
        }
        try {
            int ops = k.interestOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                k.interestOps((ops & ~SelectionKey.OP_CONNECT) | SelectionKey.OP_WRITE);
            }
        } catch (CancelledKeyException e) {
            // closed: nothing to be interested in
        }
    }

    @Override
    public final void interest(int ops) {
        try {
            key.interestOps(selectionOps(ops));
        } catch (CancelledKeyException e) {
            // closed: nothing to be interested in
        }
    }

    @Override
    public final <T> void setOption(SocketOption<T> option, T value) throws IOException {
        ((NetworkChannel) channel).setOption(option, value);
    }

    @Override
    public final <T> T getOption(SocketOption<T> option) throws IOException {
        return ((NetworkChannel) channel).getOption(option);
    }

    @Override
    public final boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public final void close() throws IOException {
        channel.close();
    }
}

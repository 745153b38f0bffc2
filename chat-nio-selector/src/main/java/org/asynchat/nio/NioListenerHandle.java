package org.asynchat.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.Poller;
import org.asynchat.spi.ResourceExhaustedException;
import org.asynchat.spi.SocketHandle;

/** A non-blocking {@link ServerSocketChannel}. */
final class NioListenerHandle extends NioHandle implements ListenerHandle {

    private final ServerSocketChannel channel;

    NioListenerHandle(ServerSocketChannel channel) {
        super(channel);
        this.channel = channel;
    }

    @Override
    int selectionOps(int interest) {
        return (interest & Poller.READ) != 0 ? SelectionKey.OP_ACCEPT : 0;
    }

    @Override
    public void bind(SocketAddress local, int backlog) throws IOException {
        channel.bind(local, Math.max(0, backlog));
    }

    @Override
    public SocketHandle accept() throws IOException {
        SocketChannel accepted;
        try {
            accepted = channel.accept();
        } catch (IOException e) {
            throw NioErrors.translate("accept", e);
        }
        return accepted == null ? null : new NioSocketHandle(NioPoller.nonBlocking(accepted));
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public String toString() {
        return "NioListenerHandle[" + channel + "]";
    }
}

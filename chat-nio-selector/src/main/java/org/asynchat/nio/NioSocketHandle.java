package org.asynchat.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.asynchat.spi.Poller;
import org.asynchat.spi.SocketHandle;

/** A non-blocking {@link SocketChannel}. */
final class NioSocketHandle extends NioHandle implements SocketHandle {

    private final SocketChannel channel;

    NioSocketHandle(SocketChannel channel) {
        super(channel);
        this.channel = channel;
    }

    @Override
    int selectionOps(int interest) {
        int ops = 0;
        if ((interest & Poller.READ) != 0) {
            ops |= SelectionKey.OP_READ;
        }
        if ((interest & Poller.WRITE) != 0) {
            ops |= channel.isConnectionPending() ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        }
        return ops;
    }

    @Override
    public boolean connect(SocketAddress remote) throws IOException {
        return channel.connect(remote);
    }

    @Override
    public boolean finishConnect() throws IOException {
        boolean connected = channel.finishConnect();
        if (connected) {
            connectCompleted();
        }
        return connected;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        try {
            return channel.read(dst);
        } catch (IOException e) {
            throw NioErrors.translate("read", e);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        try {
            return channel.write(src);
        } catch (IOException e) {
            throw NioErrors.translate("write", e);
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        try {
            return channel.write(srcs, offset, length);
        } catch (IOException e) {
            throw NioErrors.translate("writev", e);
        }
    }

    @Override
    public long transferFile(FileChannel file, long position, long count) throws IOException {
        try {
            return file.transferTo(position, count, channel);
        } catch (IOException e) {
            throw NioErrors.translate("sendfile", e);
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() throws IOException {
        return (InetSocketAddress) channel.getRemoteAddress();
    }

    @Override
    public String toString() {
        return "NioSocketHandle[" + channel + "]";
    }
}

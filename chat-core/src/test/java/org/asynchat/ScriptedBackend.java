package org.asynchat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.asynchat.spi.Availability;
import org.asynchat.spi.Backend;
import org.asynchat.spi.Handle;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.Poller;
import org.asynchat.spi.ReadyHandler;
import org.asynchat.spi.SocketHandle;

/**
 * A backend without sockets whose peers the test scripts: what each read returns (bytes, end
 * of stream, a reset), how much each socket takes before it is full, when a connect completes,
 * what a listener accepts (sockets, or errors such as running out of descriptors) and how a
 * bind fails. The poller never blocks: one {@code loop.run(timeout, 1)} is one turn. Lets
 * chat-core's own tests drive the real EventLoop, Dispatcher and AsyncChat without the OS.
 */
final class ScriptedBackend implements Backend {

    private static final Object END_OF_STREAM = new Object();

    /** Sockets opened by {@code connect} and listeners opened by {@code listen}, in order. */
    final List<Socket> sockets = new ArrayList<>();
    final List<Listener> listeners = new ArrayList<>();
    /** What the next listener's bind throws, if anything. */
    IOException bindFailure;

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public Poller openPoller() {
        return new ScriptedPoller();
    }

    /** A socket to hand to {@code new AcceptedConnection(loop, socket)} or to queue on a listener. */
    Socket newSocket() {
        return new Socket(true);
    }

    abstract static class ScriptedHandle implements Handle {
        int interest = -1;
        Object attachment;
        boolean open = true;
        ScriptedPoller poller;

        abstract int ready();

        @Override
        public void interest(int ops) {
            interest = ops;
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 7);
        }

        @Override
        public <T> void setOption(SocketOption<T> option, T value) {
            // options mean nothing here
        }

        @Override
        public <T> T getOption(SocketOption<T> option) {
            throw new UnsupportedOperationException("the scripted backend has no options");
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
            if (poller != null) {
                poller.registered.remove(this);
            }
        }
    }

    /** A connection: the test queues what the peer sends and reads what the channel wrote. */
    static final class Socket extends ScriptedHandle implements SocketHandle {
        private final Deque<Object> inbound = new ArrayDeque<>();
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        /** Bytes the socket takes before it is full. */
        long capacity = Long.MAX_VALUE;
        /** Thrown by the next write, if set (a reset peer: ConnectionResetException). */
        IOException writeFailure;
        private boolean connected;
        boolean shutDownOutput;

        Socket(boolean connected) {
            this.connected = connected;
        }

        Socket peerSends(String text) {
            inbound.add(text.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        Socket peerCloses() {
            inbound.add(END_OF_STREAM);
            return this;
        }

        Socket peerResets() {
            inbound.add(new ConnectionResetException("read: Connection reset by peer", null));
            return this;
        }

        void peerAccepts() {
            connected = true;
        }

        String written() {
            return written.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        int ready() {
            if (!connected) {
                return 0;
            }
            return (inbound.isEmpty() ? 0 : Poller.READ) | (capacity > 0 ? Poller.WRITE : 0);
        }

        @Override
        public boolean connect(SocketAddress remote) {
            return false;
        }

        @Override
        public boolean finishConnect() {
            return connected;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            Object head = inbound.peekFirst();
            if (head == null) {
                return 0;
            }
            if (head == END_OF_STREAM) {
                return -1;
            }
            if (head instanceof IOException e) {
                inbound.pollFirst();
                throw e;
            }
            byte[] chunk = (byte[]) head;
            int n = Math.min(chunk.length, dst.remaining());
            dst.put(chunk, 0, n);
            inbound.pollFirst();
            if (n < chunk.length) {
                inbound.addFirst(java.util.Arrays.copyOfRange(chunk, n, chunk.length));
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (writeFailure != null) {
                IOException e = writeFailure;
                writeFailure = null;
                throw e;
            }
            int n = (int) Math.min(src.remaining(), capacity);
            for (int i = 0; i < n; i++) {
                written.write(src.get());
            }
            capacity -= n;
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                int w = write(srcs[i]);
                n += w;
                if (srcs[i].hasRemaining()) {
                    break;
                }
            }
            return n;
        }

        @Override
        public long transferFile(FileChannel file, long position, long count) throws IOException {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(count, Math.min(capacity, 1 << 16)));
            int n = file.read(b, position);
            return n <= 0 ? 0 : write(b.flip());
        }

        @Override
        public void shutdownOutput() {
            shutDownOutput = true;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 9);
        }
    }

    /** A listener: the test queues what accept returns (sockets, or exceptions). */
    final class Listener extends ScriptedHandle implements ListenerHandle {
        final Deque<Object> pending = new ArrayDeque<>();

        Socket queueConnection() {
            Socket s = newSocket();
            pending.add(s);
            return s;
        }

        void queueFailure(IOException e) {
            pending.add(e);
        }

        @Override
        int ready() {
            return pending.isEmpty() ? 0 : Poller.READ;
        }

        @Override
        public void bind(SocketAddress local, int backlog) throws IOException {
            if (bindFailure != null) {
                throw bindFailure;
            }
        }

        @Override
        public SocketHandle accept() throws IOException {
            Object next = pending.pollFirst();
            if (next instanceof IOException e) {
                throw e;
            }
            return (SocketHandle) next;
        }
    }

    final class ScriptedPoller implements Poller {
        final List<ScriptedHandle> registered = new ArrayList<>();

        @Override
        public ListenerHandle openListener(ProtocolFamily family) {
            Listener l = new Listener();
            listeners.add(l);
            return l;
        }

        @Override
        public SocketHandle openSocket(ProtocolFamily family) {
            Socket s = new Socket(false);
            sockets.add(s);
            return s;
        }

        @Override
        public void register(Handle handle, int interest, Object attachment) {
            ScriptedHandle h = (ScriptedHandle) handle;
            h.poller = this;
            h.attachment = attachment;
            h.interest = interest;
            registered.add(h);
        }

        @Override
        public int poll(long timeoutNanos, ReadyHandler handler) {
            int n = 0;
            for (ScriptedHandle h : new ArrayList<>(registered)) {
                int ops = h.open ? h.ready() & h.interest : 0;
                if (ops != 0) {
                    handler.ready(h.attachment, ops);
                    n++;
                }
            }
            return n;
        }

        @Override
        public void wakeup() {
            // never blocks, so nothing to wake
        }

        @Override
        public void close() {
            registered.clear();
        }
    }
}

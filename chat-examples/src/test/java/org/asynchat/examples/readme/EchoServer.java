package org.asynchat.examples.readme;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.Dispatcher;
import org.asynchat.EventLoop;
import org.asynchat.Terminator;

// The echo server shown in README.md, kept compiling and tested by ReadmeEchoServerTest.
public class EchoServer extends Dispatcher {
    public static void main(String[] args) throws IOException {
        EventLoop loop = new EventLoop();                  // backend chosen at deploy time
        new EchoServer(loop, new InetSocketAddress("127.0.0.1", 7000));
        loop.run();
    }

    EchoServer(EventLoop loop, InetSocketAddress address) throws IOException {
        super(loop);
        bind(address);
        listen(128);
    }

    @Override
    protected void handleAccepted(AcceptedConnection connection) {
        new EchoHandler(connection);
    }
}

class EchoHandler extends AsyncChat {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    EchoHandler(AcceptedConnection connection) {
        super(connection);
        setTerminator(Terminator.of("\n"));
    }

    @Override
    public void collectIncomingData(ByteBuffer data) { // part of a line
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        line.writeBytes(bytes);
    }

    @Override
    public void foundTerminator() {                    // the line is complete
        line.write('\n');
        push(line.toByteArray());
        line.reset();
    }
}

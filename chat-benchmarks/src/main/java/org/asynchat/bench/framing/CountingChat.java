package org.asynchat.bench.framing;

import java.nio.ByteBuffer;

import org.asynchat.AsyncChat;
import org.asynchat.EventLoop;
import org.asynchat.Terminator;

/** An {@code AsyncChat} that counts what its framer delivers and keeps nothing. */
final class CountingChat extends AsyncChat {
    final FramerBenchmark.CountingHandler counts = new FramerBenchmark.CountingHandler();

    CountingChat(EventLoop loop, Terminator terminator) {
        super(loop);
        setTerminator(terminator);
    }

    @Override
    public void collectIncomingData(ByteBuffer data) {
        counts.collectIncomingData(data);
    }

    @Override
    public void foundTerminator() {
        counts.foundTerminator();
    }
}

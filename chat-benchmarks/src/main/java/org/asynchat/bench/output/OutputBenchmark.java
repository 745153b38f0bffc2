package org.asynchat.bench.output;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.asynchat.AsyncChat;
import org.asynchat.EventLoop;
import org.asynchat.Producers;
import org.asynchat.bench.Throughput;
import org.asynchat.bench.memory.MemoryBackend;
import org.asynchat.bench.memory.MemorySocket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The output queue of a real {@code AsyncChat} on a real {@code EventLoop}, writing into a
 * null sink (a {@link MemorySocket}). One operation queues {@value #BYTES_PER_OP} bytes and
 * runs loop turns until they are written: {@code push} in messages of {@code size} bytes
 * (small ones coalesce into shared chunks and leave in one gathering write per turn; large
 * ones are split into out-buffer-sized chunks), or one producer. The {@code frames} counter
 * counts pushed messages.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OutputBenchmark {

    static final int BYTES_PER_OP = 64 * 1024;

    /** Bytes per pushed message. */
    @Param({"16", "256", "4096", "65536"})
    public int size;

    private EventLoop loop;
    private SinkChat chat;
    private MemorySocket socket;
    private byte[] message;
    private ByteBuffer directMessage;
    private byte[] whole;
    private int pushes;

    /** An output-only channel. */
    static final class SinkChat extends AsyncChat {
        SinkChat(EventLoop loop) {
            super(loop);
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            // output only
        }

        @Override
        public void foundTerminator() {
            // output only
        }
    }

    /** Connects the channel to the null sink. */
    @Setup
    public void setUp() throws IOException {
        MemoryBackend backend = new MemoryBackend(null);
        loop = new EventLoop(backend);
        chat = new SinkChat(loop);
        chat.connect(new InetSocketAddress("127.0.0.1", 9));
        loop.run(Duration.ZERO, 2);
        socket = backend.sockets().get(0);
        message = new byte[size];
        Arrays.fill(message, (byte) 'x');
        directMessage = ByteBuffer.allocateDirect(size).put(message).flip();
        whole = new byte[BYTES_PER_OP];
        pushes = BYTES_PER_OP / size;
    }

    /** Checks that everything pushed was written, then closes the loop. */
    @TearDown
    public void tearDown() {
        if (chat.queuedOutputBytes() != 0 || socket.written() % BYTES_PER_OP != 0) {
            throw new IllegalStateException("the sink got " + socket.written() + " bytes, "
                    + chat.queuedOutputBytes() + " still queued: output was lost or duplicated");
        }
        loop.close();
    }

    /** Runs loop turns until the queue is written, counts the operation, returns the bytes written so far. */
    private long drained(Throughput t, int messages) {
        do {
            loop.run(Duration.ZERO, 1);
        } while (chat.queuedOutputBytes() > 0);
        t.bytes += BYTES_PER_OP;
        t.frames += messages;
        return socket.written();
    }

    /**
     * {@code push(byte[])} of messages of {@code size} bytes, then turns until written.
     *
     * @param t counters
     * @return bytes written so far
     */
    @Benchmark
    public long pushArray(Throughput t) {
        final SinkChat c = chat;
        final byte[] m = message;
        for (int i = 0; i < pushes; i++) {
            c.push(m);
        }
        return drained(t, pushes);
    }

    /**
     * {@code push(ByteBuffer)} from a direct buffer, then turns until written.
     *
     * @param t counters
     * @return bytes written so far
     */
    @Benchmark
    public long pushDirectBuffer(Throughput t) {
        final SinkChat c = chat;
        final ByteBuffer m = directMessage;
        for (int i = 0; i < pushes; i++) {
            c.push(m);
        }
        return drained(t, pushes);
    }

    /**
     * One {@code pushWithProducer(Producers.simple(data, size))}: the producer hands out
     * {@code size}-byte slices as the socket drains.
     *
     * @param t counters
     * @return bytes written so far
     */
    @Benchmark
    public long producer(Throughput t) {
        chat.pushWithProducer(Producers.simple(whole, size));
        return drained(t, 1);
    }
}

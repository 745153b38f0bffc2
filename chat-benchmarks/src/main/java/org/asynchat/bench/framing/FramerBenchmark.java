package org.asynchat.bench.framing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import org.asynchat.EventLoop;
import org.asynchat.Terminator;
import org.asynchat.bench.Throughput;
import org.asynchat.bench.VectorPath;
import org.asynchat.bench.data.Delimiter;
import org.asynchat.bench.data.ScanData;
import org.asynchat.bench.data.Shape;
import org.asynchat.bench.memory.MemoryBackend;
import org.asynchat.bench.memory.MemorySocket;
import org.asynchat.framing.FrameHandler;
import org.asynchat.framing.InputFramer;
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
 * Framing a stream into records, 4 KiB per read, without sockets. One operation frames
 * {@value #STREAM_BYTES} bytes (64 reads); the {@code frames} and {@code bytes} counters give
 * frames and bytes per second, and {@code -prof gc} the allocation per operation (divide by
 * the frames per operation, printed at setup, for bytes per frame).
 *
 * <ul>
 *   <li>{@code framer}: the {@link InputFramer} exactly as {@code AsyncChat.handleRead} feeds
 *       it: each read copied into a direct buffer (what the socket read does), then into the
 *       loop's heap array, which the framer searches, and handed on as a read-only view of
 *       that array;</li>
 *   <li>{@code asyncChat}: the whole read path of a real {@code AsyncChat} on a real
 *       {@code EventLoop}: one loop turn per read, the socket a {@link MemorySocket};</li>
 *   <li>{@code nettyLineBased} / {@code nettyDelimiterBased}: the same bytes, in the same
 *       reads copied into pooled direct buffers, through Netty's decoders in an
 *       {@code EmbeddedChannel} pipeline, fired as Netty's read loop fires them.</li>
 * </ul>
 * Every contender's frame count is checked against the others' at setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FramerBenchmark {

    static final int STREAM_BYTES = 256 * 1024;
    static final int READ_BYTES = 4096;
    static final int READS = STREAM_BYTES / READ_BYTES;

    /** The delimiter. */
    @Param({"LF", "CRLF"})
    public Delimiter delimiter;

    /** The records: about 40 bytes or about 1 KiB. */
    @Param({"DENSE", "TYPICAL"})
    public Shape shape;

    private byte[] stream;
    private long expectedFrames;

    // ours, framer alone
    private ByteBuffer readBuffer;
    private byte[] readArray;
    private ByteBuffer readView;
    private InputFramer framer;
    private final CountingHandler counted = new CountingHandler();

    // ours, the whole AsyncChat read path
    private EventLoop loop;
    private CountingChat chat;

    // Netty
    private EmbeddedChannel lineBased;
    private EmbeddedChannel delimiterBased;
    private final NettyCounter nettyCounted = new NettyCounter();
    private ByteBufAllocator alloc;

    /** Builds every contender and checks that all find the same frames. */
    @Setup
    public void setUp() throws IOException {
        stream = ScanData.bytes(delimiter, shape, STREAM_BYTES);
        expectedFrames = ScanData.count(stream, delimiter.bytes());
        Terminator terminator = Terminator.of(delimiter.bytes());

        readBuffer = ByteBuffer.allocateDirect(READ_BYTES);
        readArray = new byte[READ_BYTES];
        readView = ByteBuffer.wrap(readArray).asReadOnlyBuffer();
        framer = new InputFramer(counted);
        framer.setTerminator(terminator);

        loop = new EventLoop(new MemoryBackend(new MemorySocket.Source(stream, READ_BYTES)));
        chat = new CountingChat(loop, terminator);
        chat.connect(new InetSocketAddress("127.0.0.1", 9));
        loop.run(Duration.ZERO, 2); // connects; the first turn may read as well
        frameStream(this::asyncChatOnce);

        alloc = PooledByteBufAllocator.DEFAULT;
        lineBased = new EmbeddedChannel(new LineBasedFrameDecoder(STREAM_BYTES), nettyCounted);
        delimiterBased = new EmbeddedChannel(
                new DelimiterBasedFrameDecoder(STREAM_BYTES, Unpooled.wrappedBuffer(delimiter.bytes())), nettyCounted);

        check("framer", this::framerPass, () -> counted.frames);
        check("asyncChat", this::asyncChatPass, () -> chat.counts.frames);
        check("nettyDelimiterBased", () -> nettyPass(delimiterBased), () -> nettyCounted.frames);
        check("nettyLineBased", () -> nettyPass(lineBased), () -> nettyCounted.frames);
        System.out.println("\n[framer] " + delimiter + " " + shape + ": " + expectedFrames + " frames per operation");
    }

    private void check(String who, Runnable pass, java.util.function.LongSupplier frames) {
        // Two passes, so a frame split across the stream's wrap-around is counted once.
        pass.run();
        long before = frames.getAsLong();
        pass.run();
        long got = frames.getAsLong() - before;
        if (got != expectedFrames) {
            throw new IllegalStateException(who + " framed " + got + " records per pass, expected " + expectedFrames);
        }
    }

    private static void frameStream(Runnable once) {
        for (int i = 0; i < READS; i++) {
            once.run();
        }
    }

    /** Closes the loop. */
    @TearDown
    public void tearDown() {
        loop.close();
        lineBased.finishAndReleaseAll();
        delimiterBased.finishAndReleaseAll();
    }

    private void framerPass() {
        final byte[] s = stream;
        final ByteBuffer buf = readBuffer;
        final byte[] copy = readArray;
        final ByteBuffer view = readView;
        final InputFramer f = framer;
        for (int at = 0; at < s.length; at += READ_BYTES) {
            buf.clear();
            buf.put(s, at, READ_BYTES); // what the socket read does
            buf.get(0, copy, 0, READ_BYTES); // what AsyncChat.handleRead does
            view.limit(READ_BYTES).position(0);
            f.feed(view, copy);
        }
    }

    private void asyncChatOnce() {
        loop.run(Duration.ZERO, 1);
    }

    private void asyncChatPass() {
        loop.run(Duration.ZERO, READS);
    }

    private void nettyPass(EmbeddedChannel channel) {
        final byte[] s = stream;
        final ChannelPipeline pipeline = channel.pipeline();
        for (int at = 0; at < s.length; at += READ_BYTES) {
            // As NioByteUnsafe.read: a pooled direct buffer per read, fired down the pipeline.
            ByteBuf buf = alloc.directBuffer(READ_BYTES);
            buf.writeBytes(s, at, READ_BYTES);
            pipeline.fireChannelRead(buf);
            pipeline.fireChannelReadComplete();
        }
    }

    /** Adds one operation's bytes and frames, and returns the contender's running frame count. */
    private long counted(Throughput t, long framesSoFar) {
        t.bytes += STREAM_BYTES;
        t.frames += expectedFrames;
        return framesSoFar;
    }

    /**
     * {@link InputFramer} as AsyncChat feeds it, default path.
     *
     * @param t counters
     * @return frames so far
     */
    @Benchmark
    public long framer(Throughput t) {
        framerPass();
        return counted(t, counted.frames);
    }

    /**
     * {@link InputFramer}, vector path.
     *
     * @param t counters
     * @param vector checks the path
     * @return frames so far
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = VectorPath.FLAG)
    public long framerVector(Throughput t, VectorPath vector) {
        return framer(t);
    }

    /**
     * A real AsyncChat on a real EventLoop with a memory socket, default path.
     *
     * @param t counters
     * @return frames so far
     */
    @Benchmark
    public long asyncChat(Throughput t) {
        asyncChatPass();
        return counted(t, chat.counts.frames);
    }

    /**
     * A real AsyncChat on a real EventLoop, vector path.
     *
     * @param t counters
     * @param vector checks the path
     * @return frames so far
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = VectorPath.FLAG)
    public long asyncChatVector(Throughput t, VectorPath vector) {
        return asyncChat(t);
    }

    /**
     * Netty {@code LineBasedFrameDecoder} (finds {@code \n}, strips an optional {@code \r}).
     *
     * @param t counters
     * @return frames so far
     */
    @Benchmark
    public long nettyLineBased(Throughput t) {
        nettyPass(lineBased);
        return counted(t, nettyCounted.frames);
    }

    /**
     * Netty {@code DelimiterBasedFrameDecoder} with the one delimiter.
     *
     * @param t counters
     * @return frames so far
     */
    @Benchmark
    public long nettyDelimiterBased(Throughput t) {
        nettyPass(delimiterBased);
        return counted(t, nettyCounted.frames);
    }

    /** Our handler: counts and keeps nothing ({@link CountingChat} delegates to one). */
    static final class CountingHandler implements FrameHandler {
        long frames;
        long bytes;

        @Override
        public void collectIncomingData(ByteBuffer data) {
            bytes += data.remaining();
        }

        @Override
        public void foundTerminator() {
            frames++;
        }
    }

    /** Netty's end of the pipeline: counts and releases each frame. */
    static final class NettyCounter extends ChannelInboundHandlerAdapter {
        long frames;
        long bytes;

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames++;
            bytes += ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
        }
    }
}

package org.asynchat.bench.load;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * The Netty baseline of the {@code echo} example: each line ending in {@code \n} is written back
 * with its newline, written the way a Netty user would: a {@link LineBasedFrameDecoder} (64 KiB
 * lines, as the example's frame limit) that keeps the delimiter, a handler that writes each
 * frame back, and one flush per read batch.
 *
 * <p>{@code java -cp benchmarks.jar org.asynchat.bench.load.NettyEchoServer --port 0 --transport epoll}
 */
public final class NettyEchoServer {

    private NettyEchoServer() {
    }

    /**
     * Runs the server until SIGTERM.
     *
     * @param args {@code --port N}, {@code --transport nio|epoll}
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        NettyServer.run(args, () -> new ChannelHandler[] {new LineBasedFrameDecoder(64 * 1024, false, false), Echo.INSTANCE});
    }

    /** Writes each line back; flushes once per read batch. Shared: it keeps no state. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        private static final Echo INSTANCE = new Echo();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object line) {
            ctx.write(line);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}

package org.asynchat.bench.load;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * The Netty HTTP/1.1 baseline for {@code wrk}: {@code HttpServerCodec} and a handler that
 * answers every request with a fixed small body ({@value #BODY}), keep-alive, flushing once
 * per read batch.
 *
 * <p>{@code java -cp benchmarks.jar org.asynchat.bench.load.NettyHttpServer --port 0 --transport epoll}
 */
public final class NettyHttpServer {

    static final String BODY = "Hello, World!\n";
    private static final ByteBuf CONTENT =
            Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(BODY.getBytes(StandardCharsets.US_ASCII)));

    private NettyHttpServer() {
    }

    /**
     * Runs the server until SIGTERM.
     *
     * @param args {@code --port N}, {@code --transport nio|epoll}
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        NettyServer.run(args, () -> new ChannelHandler[] {new HttpServerCodec(), new Hello()});
    }

    /** Answers each request. */
    static final class Hello extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                boolean keepAlive = HttpUtil.isKeepAlive(request);
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        CONTENT.duplicate());
                response.headers()
                        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, CONTENT.readableBytes());
                if (keepAlive) {
                    ctx.write(response);
                } else {
                    ctx.write(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                }
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}

package org.asynchat.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

/**
 * The Netty RESP baseline: enough of Redis for {@code redis-benchmark -t ping,set,get}
 * ({@code PING}, {@code SET}, {@code GET}, and {@code CONFIG GET} answered with an empty
 * list), multi-bulk and inline requests. Written the way a performance-minded Netty user would:
 * one {@code ByteToMessageDecoder} that parses in place, replies into one pooled buffer per
 * read batch, and flushes once on {@code channelReadComplete}. One store per server, as
 * there is one event loop.
 *
 * <p>{@code java -cp benchmarks.jar org.asynchat.bench.load.NettyRespServer --port 0 --transport epoll}
 */
public final class NettyRespServer {

    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NIL = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_LIST = "*0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private NettyRespServer() {
    }

    /**
     * Runs the server until SIGTERM.
     *
     * @param args {@code --port N}, {@code --transport nio|epoll}
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, byte[]> store = new HashMap<>();
        NettyServer.run(args, () -> new io.netty.channel.ChannelHandler[] {new RespDecoder(store)});
    }

    /** Parses requests in place and answers them; unknown commands get an error reply. */
    static final class RespDecoder extends ByteToMessageDecoder {
        private final Map<String, byte[]> store;
        private ByteBuf replies;

        RespDecoder(Map<String, byte[]> store) {
            this.store = store;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.isReadable()) {
                int start = in.readerIndex();
                if (!command(ctx, in)) {
                    in.readerIndex(start); // incomplete: wait for more
                    return;
                }
            }
        }

        /** Parses and answers one command; false (nothing consumed) if it is incomplete. */
        private boolean command(ChannelHandlerContext ctx, ByteBuf in) {
            String name = null;
            String key = null;
            byte[] value = null;
            if (in.getByte(in.readerIndex()) != '*') {
                // An inline command ("PING\r\n"), as redis-benchmark's PING_INLINE sends.
                int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                if (lf < 0) {
                    return false;
                }
                String[] words = in.toString(in.readerIndex(), lf - in.readerIndex(), StandardCharsets.ISO_8859_1)
                        .trim().split(" +");
                in.readerIndex(lf + 1);
                name = words[0];
                key = words.length > 1 ? words[1] : null;
                value = words.length > 2 ? words[2].getBytes(StandardCharsets.ISO_8859_1) : null;
                return answer(ctx, name, key, value);
            }
            long count = readNumberLine(in);
            if (count < 0) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                if (!in.isReadable()) {
                    return false;
                }
                long len = readNumberLine(in);
                if (len < 0 || in.readableBytes() < len + 2) {
                    return false;
                }
                if (i == 0) {
                    name = in.toString(in.readerIndex(), (int) len, StandardCharsets.US_ASCII);
                } else if (i == 1) {
                    key = in.toString(in.readerIndex(), (int) len, StandardCharsets.ISO_8859_1);
                } else if (i == 2) {
                    value = new byte[(int) len];
                    in.getBytes(in.readerIndex(), value);
                }
                in.skipBytes((int) len + 2);
            }
            return answer(ctx, name, key, value);
        }

        private boolean answer(ChannelHandlerContext ctx, String name, String key, byte[] value) {
            ByteBuf r = replies;
            if (r == null) {
                r = replies = ctx.alloc().ioBuffer();
            }
            switch (name.toUpperCase()) {
                case "PING" -> r.writeBytes(PONG);
                case "SET" -> {
                    store.put(key, value);
                    r.writeBytes(OK);
                }
                case "GET" -> {
                    byte[] v = store.get(key);
                    if (v == null) {
                        r.writeBytes(NIL);
                    } else {
                        r.writeByte('$').writeCharSequence(Integer.toString(v.length), StandardCharsets.US_ASCII);
                        r.writeBytes(CRLF).writeBytes(v).writeBytes(CRLF);
                    }
                }
                case "CONFIG", "COMMAND" -> r.writeBytes(EMPTY_LIST);
                default -> r.writeCharSequence("-ERR unknown command '" + name + "'\r\n", StandardCharsets.US_ASCII);
            }
            return true;
        }

        /** Reads "Xdigits\r\n" (X is '*' or '$'); -1 and nothing consumed if incomplete. */
        private static long readNumberLine(ByteBuf in) {
            int start = in.readerIndex();
            int cr = in.forEachByte(start, in.readableBytes(), ByteProcessor.FIND_CR);
            if (cr < 0 || cr + 1 >= in.writerIndex()) {
                return -1;
            }
            long n = 0;
            for (int i = start + 1; i < cr; i++) {
                n = n * 10 + (in.getByte(i) - '0');
            }
            in.readerIndex(cr + 2);
            return n;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            ByteBuf r = replies;
            if (r != null) {
                replies = null;
                ctx.writeAndFlush(r);
            }
            super.channelReadComplete(ctx);
        }

        @Override
        protected void handlerRemoved0(ChannelHandlerContext ctx) {
            if (replies != null) {
                replies.release();
                replies = null;
            }
        }
    }
}

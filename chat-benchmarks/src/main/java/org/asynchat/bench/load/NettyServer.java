package org.asynchat.bench.load;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Starts a Netty baseline server the way the examples start: one event-loop thread for
 * accepting and serving, {@code TCP_NODELAY}, the ready line
 * {@code listening on HOST:PORT (backend netty-TRANSPORT)} on stdout, SIGTERM stops it.
 * Flags: {@code --port N} (0 for any), {@code --transport nio|epoll}.
 */
final class NettyServer {

    private NettyServer() {
    }

    /** Makes the per-connection handler. */
    interface Handlers {
        ChannelHandler[] forNewConnection();
    }

    static void run(String[] args, Handlers handlers) throws InterruptedException {
        int port = 0;
        String transport = "epoll";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--transport" -> transport = args[++i];
                default -> {
                    System.err.println("unknown flag " + args[i] + "; flags: --port N, --transport nio|epoll");
                    System.exit(2);
                }
            }
        }
        IoHandlerFactory factory;
        Class<? extends ServerChannel> channel;
        switch (transport) {
            case "nio" -> {
                factory = NioIoHandler.newFactory();
                channel = NioServerSocketChannel.class;
            }
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    System.err.println("Netty's native epoll transport is unavailable: " + Epoll.unavailabilityCause());
                    System.exit(1);
                }
                factory = EpollIoHandler.newFactory();
                channel = EpollServerSocketChannel.class;
            }
            default -> {
                System.err.println("--transport must be nio or epoll, got " + transport);
                System.exit(2);
                return;
            }
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, factory);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new io.netty.channel.ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(handlers.forNewConnection());
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            InetSocketAddress local = (InetSocketAddress) server.localAddress();
            System.out.println("listening on 127.0.0.1:" + local.getPort() + " (backend netty-" + transport + ")");
            System.out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close().syncUninterruptibly();
                stopped.countDown();
            }));
            server.closeFuture().sync();
            stopped.await();
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}

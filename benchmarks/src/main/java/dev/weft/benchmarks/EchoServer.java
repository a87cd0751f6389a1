package dev.weft.benchmarks;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.net.StreamReader;
import dev.weft.net.StreamWriter;
import dev.weft.net.Tcp;
import dev.weft.net.TcpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The echo workload's servers, each run in a JVM of its own so that its CPU time is its process's own
 * accounting ({@code /proc/<pid>/stat}, read by {@link EchoBenchmark}).
 *
 * <pre>
 * java -cp weft-benchmarks.jar dev.weft.benchmarks.EchoServer weft|netty|vthread
 * </pre>
 *
 * <p>Binds 127.0.0.1 on a free port and prints {@code PORT <n>} on stdout; exits when stdin reaches its end (the
 * parent closed it, or died). Every server echoes whatever arrives, as it arrives:
 * <ul>
 *   <li>{@code weft}: {@code Tcp.startServer} on one loop; the handler is an {@code @Async} loop of
 *       {@code read(4096)} and {@code write}.
 *   <li>{@code netty}: Netty 4.1, one {@code NioEventLoopGroup(1)} for accepting and serving, {@code TCP_NODELAY},
 *       {@code write} on read and {@code flush} on read-complete (Netty's own echo example).
 *   <li>{@code vthread}: a blocking {@code ServerSocket}, one virtual thread per connection (JDK 21+; the suite
 *       gives it one carrier thread).
 * </ul>
 */
public final class EchoServer {

  private EchoServer() {
    throw new AssertionError();
  }

  public static void main(final String[] args) throws Exception {
    exitWhenStdinCloses();
    switch (args[0]) {
      case "weft":
        Weft.run(EchoServer::weft);
        break;
      case "netty":
        netty();
        break;
      case "vthread":
        virtualThreads();
        break;
      default:
        throw new IllegalArgumentException("contender: " + args[0] + " (expected: weft, netty, vthread)");
    }
  }

  private static void exitWhenStdinCloses() {
    Thread t = new Thread(() -> {
      try {
        InputStream in = System.in;
        while (in.read() >= 0) {
          // nothing is sent; wait for the end
        }
      } catch (IOException e) {
        // exit below
      }
      System.exit(0);
    }, "stdin-watch");
    t.setDaemon(true);
    t.start();
  }

  private static void announce(final int port) {
    System.out.println("PORT " + port);
    System.out.flush();
  }

  // ---- Weft ------------------------------------------------------------------------------------------------

  @Async
  static Task<Void> weft() {
    TcpServer server = await(Tcp.startServer("127.0.0.1", 0, EchoServer::echo));
    announce(server.port());
    await(server.closed());
    return done();
  }

  @Async
  static Task<Void> echo(final StreamReader in, final StreamWriter out) {
    while (true) {
      byte[] bytes = await(in.read(4096));
      if (bytes.length == 0) {
        break;
      }
      out.write(bytes);
    }
    out.close();
    return done();
  }

  // ---- Netty -----------------------------------------------------------------------------------------------

  @ChannelHandler.Sharable
  static final class NettyEcho extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
      ctx.close();
    }
  }

  private static void netty() throws InterruptedException {
    NioEventLoopGroup group = new NioEventLoopGroup(1);
    NettyEcho handler = new NettyEcho();
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(final SocketChannel ch) {
            ch.pipeline().addLast(handler);
          }
        });
    io.netty.channel.Channel ch = b.bind("127.0.0.1", 0).sync().channel();
    announce(((java.net.InetSocketAddress) ch.localAddress()).getPort());
    ch.closeFuture().sync();
  }

  // ---- virtual threads -------------------------------------------------------------------------------------

  private static void virtualThreads() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress())) {
      announce(server.getLocalPort());
      while (true) {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        VirtualThreads.start(() -> {
          try (Socket c = s; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0; ) {
              out.write(buf, 0, n);
            }
          } catch (IOException e) {
            // the client went away
          }
        });
      }
    }
  }
}

package dev.weft.leaving;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static dev.weft.Weft.toThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.weft.Async;
import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leaving the loop and coming back: {@code toThread} runs blocking code on a pool and resumes on the loop; awaiting
 * a foreign {@code CompletionStage} ({@code HttpClient.sendAsync} against an in-test {@code HttpServer} on
 * 127.0.0.1:0) works the same way; {@code Task.toCompletableFuture()} goes the other way, to a plain thread.
 * Ordering is by latches and futures, never by sleeping.
 */
class LeavingTheLoopTest {

  private final AtomicInteger actions = new AtomicInteger();
  private final List<Throwable> unhandled = new CopyOnWriteArrayList<>();

  {
    Weft.setUnhandledExceptionHandler(unhandled::add);
  }

  @AfterEach
  void noUnhandled() {
    Weft.setUnhandledExceptionHandler(null);
    assertEquals(List.of(), unhandled);
  }

  private void expect(final int n) {
    assertEquals(n, actions.incrementAndGet(), "action order");
  }

  // ---- toThread --------------------------------------------------------------------------------------------

  @Async
  private Task<String> blockingWorkResumesOnTheLoop() {
    Thread loopThread = Thread.currentThread();
    CountDownLatch go = new CountDownLatch(1);
    expect(1);
    Task<String> t = toThread(() -> {
      go.await(); // blocks a pool thread, not the loop
      expect(3);
      return Thread.currentThread().getName();
    });
    expect(2);
    go.countDown();
    String poolThread = await(t);
    expect(4);
    assertSame(loopThread, Thread.currentThread(), "resumed on the loop thread");
    assertNotSame(loopThread.getName(), poolThread);
    return done(poolThread);
  }

  @Test
  void toThreadRunsOnAPoolAndResumesOnTheLoop() {
    String pool = run(this::blockingWorkResumesOnTheLoop);

    assertTrue(dev.weft.internal.BlockingPool.virtual() || !pool.isEmpty(), "a platform pool thread has a name");
  }

  @Test
  void theDefaultPoolIsVirtualOnJdk21AndDaemonThreadsOn17() throws Exception {
    Thread t = toThread(Thread::currentThread).toCompletableFuture().get(10, TimeUnit.SECONDS);

    boolean virtual = Runtime.version().feature() >= 21;
    assertEquals(virtual, dev.weft.internal.BlockingPool.virtual());
    if (virtual) {
      assertTrue((Boolean) Thread.class.getMethod("isVirtual").invoke(t));
    } else {
      assertTrue(t.isDaemon());
      assertTrue(t.getName().startsWith("weft-to-thread-"), t.getName());
    }
  }

  @Async
  private Task<Void> checkedFailureFromThread(final IOException boom) {
    try {
      await(toThread(() -> {
        throw boom;
      }));
      fail("unreachable");
    } catch (Exception e) {
      assertSame(boom, e, "the original checked exception, not a wrapper");
    }
    return done();
  }

  @Test
  void aThrowingBodyFailsTheTaskWithTheOriginalException() {
    run(() -> checkedFailureFromThread(new IOException("disk on fire")));
  }

  @Async
  private Task<Void> cancelInterruptsTheBody(final CompletableFuture<Throwable> seenByBody) {
    CountDownLatch started = new CountDownLatch(1);
    Task<Object> t = toThread(() -> {
      started.countDown();
      try {
        new CountDownLatch(1).await(); // blocks until interrupted
        return null;
      } catch (InterruptedException e) {
        seenByBody.complete(e);
        throw e;
      }
    });
    await(toThread(() -> {
      started.await();
      return null;
    }));
    expect(1);
    t.cancel();
    try {
      await(t);
      fail("unreachable");
    } catch (CancelledException e) {
      expect(2);
    }
    return done();
  }

  @Test
  void cancellingATaskOnThreadInterruptsItsBody() throws Exception {
    CompletableFuture<Throwable> seen = new CompletableFuture<>();

    run(() -> cancelInterruptsTheBody(seen));

    assertTrue(seen.get(10, TimeUnit.SECONDS) instanceof InterruptedException);
  }

  @Test
  void toThreadOnAGivenExecutor() throws Exception {
    ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "mine"));
    try {
      String name = run(() -> toThread(() -> Thread.currentThread().getName(), mine));

      assertEquals("mine", name);
    } finally {
      mine.shutdownNow();
    }
  }

  // ---- a foreign CompletionStage: java.net.http ------------------------------------------------------------

  private HttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Async
  private Task<String> fetch(final HttpClient client, final URI uri) {
    Thread loopThread = Thread.currentThread();
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> resp = await(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
    assertSame(loopThread, Thread.currentThread(), "resumed on the loop thread, not on the client's");
    return done(resp.statusCode() + " " + resp.body());
  }

  /**
   * Awaiting {@code HttpClient.sendAsync}: any {@code CompletionStage} is awaitable; the coroutine suspends, the
   * client's thread completes the stage, and the coroutine resumes on its own loop.
   */
  @Test
  void awaitingHttpClientSendAsyncWorks() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hello", exchange -> {
      byte[] body = "hello from the server".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hello");
    HttpClient client = HttpClient.newHttpClient();

    String got = run(() -> fetch(client, uri));

    assertEquals("200 hello from the server", got);
  }

  // ---- the other way: Task.toCompletableFuture() -----------------------------------------------------------

  @Async
  private Task<String> slowGreeting() {
    await(sleep(1));
    return done("hi");
  }

  @Async
  private Task<String> aPlainThreadJoinsALoopTask() {
    Task<String> greeting = spawn(this::slowGreeting);
    CompletableFuture<String> cf = greeting.toCompletableFuture();
    // A plain thread blocks on the future of a task that runs on this loop; the loop is not blocked meanwhile.
    String seenByThread = await(toThread(() -> cf.thenApply(s -> s + ", said the thread").join()));
    return done(seenByThread);
  }

  /** {@code Task.toCompletableFuture()}: a task of the loop consumed by code that knows only CompletableFuture. */
  @Test
  void toCompletableFutureHandsALoopTaskToAPlainThread() {
    assertEquals("hi, said the thread", run(this::aPlainThreadJoinsALoopTask));
  }
}

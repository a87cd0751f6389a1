package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.TestBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How often a busy loop looks at I/O: never without channels, every {@link EventLoop#SELECT_EVERY_TURNS} turns (or
 * once the time window is spent) with channels, and always on the turn after {@link EventLoop#afterNextSelect}.
 * The window's real-time source is a manual clock here, so turn counts are exact.
 */
class LoopTurnTest extends TestBase {

  private final ManualClock realTime = new ManualClock();
  private EventLoop loop;
  private Pipe pipe;
  /** Ends the self-requeuing callbacks, so that close() (which runs what is left) terminates. */
  private boolean quiet;

  @BeforeEach
  void open() throws IOException {
    loop = new EventLoop(new ManualClock());
    loop.bind();
    loop.realTime(realTime);
    pipe = Pipe.open();
  }

  @AfterEach
  void close() throws IOException {
    quiet = true;
    loop.close();
    pipe.source().close();
    pipe.sink().close();
  }

  /** A callback that puts itself back on the ready queue: every turn has ready work (a ping-pong's shape). */
  private Runnable busy(final int[] runs) {
    return new Runnable() {
      @Override
      public void run() {
        runs[0]++;
        if (!quiet) {
          loop.execute(this);
        }
      }
    };
  }

  @Test
  void aBusyLoopWithoutChannelsNeverCallsSelect() {
    int[] runs = {0};
    loop.execute(busy(runs));

    for (int i = 0; i < 1_000; i++) {
      loop.runOnce();
    }

    assertEquals(1_000, runs[0], "one run per turn: a turn is a pass over the ready queue");
    assertEquals(0, loop.selectCalls);
  }

  @Test
  void aBusyLoopWithAChannelSelectsOnceEverySelectEveryTurnsTurns() throws IOException {
    pipe.source().configureBlocking(false);
    loop.register(pipe.source(), SelectionKey.OP_READ, key -> { });
    int[] runs = {0};
    loop.execute(busy(runs));
    loop.runOnce();
    long before = loop.selectCalls;

    for (int i = 0; i < 10 * EventLoop.SELECT_EVERY_TURNS; i++) {
      loop.runOnce();
    }

    assertEquals(10, loop.selectCalls - before);
    assertEquals(10 * EventLoop.SELECT_EVERY_TURNS + 1, runs[0]);
  }

  @Test
  void aSpentTimeWindowIsNoticedAtTheNextWindowCheck() throws IOException {
    pipe.source().configureBlocking(false);
    loop.register(pipe.source(), SelectionKey.OP_READ, key -> { });
    loop.execute(new Runnable() {
      @Override
      public void run() {
        realTime.advance(EventLoop.RUN_BUDGET_NANOS); // one slow pass spends the whole window
        if (!quiet) {
          loop.execute(this);
        }
      }
    });
    loop.runOnce();
    long before = loop.selectCalls;

    for (int i = 0; i < 5 * EventLoop.WINDOW_CHECK_EVERY_TURNS; i++) {
      loop.runOnce();
    }

    // The clock is read every WINDOW_CHECK_EVERY_TURNS turns: each such read finds the window spent and selects.
    assertEquals(5, loop.selectCalls - before, "a select at every window check when each turn spends the window");
  }

  @Test
  void aTurnWhoseBudgetCheckFindsTheWindowSpentMakesTheNextTurnSelect() throws IOException {
    pipe.source().configureBlocking(false);
    loop.register(pipe.source(), SelectionKey.OP_READ, key -> { });
    for (int i = 0; i < EventLoop.BUDGET_CHECK_EVERY; i++) {
      loop.execute(() -> realTime.advance(EventLoop.RUN_BUDGET_NANOS / EventLoop.BUDGET_CHECK_EVERY));
    }
    loop.execute(() -> { }); // one more than the budget check lets run
    long before = loop.selectCalls;

    loop.runOnce(); // runs BUDGET_CHECK_EVERY entries, then finds the window spent and stops
    assertEquals(0, loop.selectCalls - before);
    loop.runOnce();

    assertEquals(1, loop.selectCalls - before, "the turn after a spent budget looks at I/O");
  }

  @Test
  void aReadyChannelIsNoticedWithinSelectEveryTurnsTurnsOfBusyWork() throws IOException {
    pipe.source().configureBlocking(false);
    List<Integer> noticedAt = new ArrayList<>();
    int[] turn = {0};
    loop.register(pipe.source(), SelectionKey.OP_READ, key -> {
      noticedAt.add(turn[0]);
      key.cancel();
    });
    int[] runs = {0};
    loop.execute(busy(runs));
    loop.runOnce();
    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));

    for (turn[0] = 1; turn[0] <= 2 * EventLoop.SELECT_EVERY_TURNS && noticedAt.isEmpty(); turn[0]++) {
      loop.runOnce();
    }

    assertEquals(1, noticedAt.size());
    assertTrue(noticedAt.get(0) <= EventLoop.SELECT_EVERY_TURNS, "noticed at turn " + noticedAt.get(0));
  }

  @Test
  void afterNextSelectRunsAfterASelectOnTheNextTurnEvenWhenBusy() throws IOException {
    pipe.source().configureBlocking(false);
    loop.register(pipe.source(), SelectionKey.OP_READ, key -> { });
    int[] runs = {0};
    loop.execute(busy(runs));
    loop.runOnce();
    loop.runOnce();
    long before = loop.selectCalls;
    List<Long> selectsSeen = new ArrayList<>();
    loop.execute(() -> loop.afterNextSelect(() -> selectsSeen.add(loop.selectCalls)));

    loop.runOnce(); // queues the action
    loop.runOnce(); // selects, then runs it

    assertEquals(List.of(before + 1), selectsSeen);
  }

  @Test
  void afterNextSelectWithoutChannelsRunsOnTheNextTurn() {
    List<String> log = new ArrayList<>();
    loop.execute(() -> {
      log.add("queued");
      loop.afterNextSelect(() -> log.add("after"));
    });

    loop.runOnce();
    assertEquals(List.of("queued"), log);
    loop.runOnce();

    assertEquals(List.of("queued", "after"), log);
    assertEquals(0, loop.selectCalls);
  }
}

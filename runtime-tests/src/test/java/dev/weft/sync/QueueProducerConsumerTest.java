package dev.weft.sync;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Three producers and two consumers over a queue of two: every item is processed exactly once. */
class QueueProducerConsumerTest extends AsyncTestBase {

  private static final int ITEMS = 1000;
  private static final int PRODUCERS = 3;
  private static final int CONSUMERS = 2;

  private final AsyncQueue<Integer> queue = new AsyncQueue<>(2);
  private final int[] seen = new int[ITEMS];
  private final int[] perConsumer = new int[CONSUMERS];

  @Async
  private Task<Void> producer(final int id) {
    for (int i = id; i < ITEMS; i += PRODUCERS) {
      await(queue.put(i));
      if (i % 7 == 0) {
        await(sleep(0)); // vary the interleaving a little
      }
    }
    return done();
  }

  @Async
  private Task<Void> consumer(final int id) {
    try {
      for (;;) {
        int item = await(queue.get());
        try {
          seen[item]++;
          perConsumer[id]++;
          if (item % 5 == 0) {
            await(sleep(0));
          }
        } finally {
          queue.taskDone();
        }
      }
    } catch (QueueShutDownException end) {
      return done();
    }
  }

  @Async
  private Task<Void> main0() {
    List<Task<Void>> consumers = new ArrayList<>();
    for (int c = 0; c < CONSUMERS; c++) {
      final int id = c;
      consumers.add(spawn(() -> consumer(id)));
    }
    List<Task<Void>> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      final int id = p;
      producers.add(spawn(() -> producer(id)));
    }
    await(gather(producers));
    await(queue.join()); // every item taskDone()
    queue.shutdown();    // consumers leave through QueueShutDownException
    await(gather(consumers));
    return done();
  }

  @Test
  void everyItemIsProcessedExactlyOnce() {
    run(this::main0);
    for (int i = 0; i < ITEMS; i++) {
      assertEquals(1, seen[i], "item " + i);
    }
    assertEquals(ITEMS, perConsumer[0] + perConsumer[1]);
    assertTrue(perConsumer[0] > 0 && perConsumer[1] > 0, "both consumers took part");
    assertTrue(queue.isEmpty());
  }
}

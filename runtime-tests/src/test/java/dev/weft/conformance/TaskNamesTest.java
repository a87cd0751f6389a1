package dev.weft.conformance;

import dev.weft.testing.AsyncTestBase;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static dev.weft.Weft.sleep;
import static dev.weft.Weft.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Promise;
import dev.weft.Task;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Task names: defaults ({@code spawn-N}, {@code Class.method}), {@code spawn(name, ...)}, {@code setName}. */
class TaskNamesTest extends AsyncTestBase {

  @Async
  private static Task<Void> nap() {
    await(sleep(0));
    return done();
  }

  @Async
  private Task<Void> names() {
    Task<Void> first = spawn(TaskNamesTest::nap);
    Task<Void> named = spawn("worker", TaskNamesTest::nap);
    Task<Void> third = spawn(TaskNamesTest::nap);
    assertEquals("spawn-1", first.name(), "numbered per loop, from 1");
    assertEquals("worker", named.name());
    assertEquals("spawn-3", third.name());

    Task<Void> call = nap();
    assertEquals("TaskNamesTest.nap", call.name(), "an @Async call is named after its method");
    Supplier<Task<Void>> lambda = () -> {
      await(sleep(0));
      return done();
    };
    Task<Void> fromLambda = lambda.get();
    assertTrue(fromLambda.name().equals("TaskNamesTest.names$lambda"), fromLambda.name());

    call.setName("renamed");
    assertEquals("renamed", call.name());
    Promise<String> p = new Promise<>();
    assertEquals("Promise", p.name());
    p.setName("gate");
    assertEquals("gate", p.name());
    assertTrue(p.toString().contains("'gate'"), p.toString());
    assertThrows(NullPointerException.class, () -> first.setName(null));

    await(first);
    await(named);
    await(third);
    await(call);
    await(fromLambda);
    assertEquals("worker", named.name(), "a finished task keeps its name");
    return done();
  }

  @Test
  void defaultAndGivenNames() {
    run(this::names);
  }

  @Test
  void eachLoopCountsItsOwnSpawns() {
    run(() -> {
      Task<Void> t = spawn(TaskNamesTest::nap);
      assertEquals("spawn-1", t.name());
      return t;
    });
  }
}

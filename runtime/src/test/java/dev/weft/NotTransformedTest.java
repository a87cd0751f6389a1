package dev.weft;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code await} in code that was not transformed. */
class NotTransformedTest extends TestBase {

  @Test
  void namesTheCallingMethodAndHowToEnableTheTransformation() {
    IllegalStateException e = assertThrows(IllegalStateException.class, this::untransformedCaller);

    String m = e.getMessage();
    assertTrue(m.contains(NotTransformedTest.class.getName() + ".untransformedCaller"), m);
    assertTrue(m.contains("NotTransformedTest.java:"), m);
    assertTrue(m.contains("weft-maven-plugin") && m.contains("-javaagent") && m.contains("WeftAgent.install()"), m);
  }

  @Test
  void aStageAwaitFailsTheSameWay() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> await(CompletableFuture.completedFuture(1)));

    assertTrue(e.getMessage().contains("not transformed"), e.getMessage());
  }

  @Test
  void usesTheRejectionReasonPublishedByTheAgent() {
    String key = "dev.weft.rejected." + NotTransformedTest.class.getName();
    String reason = "NotTransformedTest.java:42: error: await inside synchronized block in NotTransformedTest.x()";
    System.setProperty(key, reason);
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, this::untransformedCaller);

      assertTrue(e.getMessage().contains(reason), e.getMessage());
      assertTrue(e.getMessage().contains("untransformedCaller"), e.getMessage());
    } finally {
      System.clearProperty(key);
    }
  }

  private int untransformedCaller() {
    return await(done(1));
  }
}

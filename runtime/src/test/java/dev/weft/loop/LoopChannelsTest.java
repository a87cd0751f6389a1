package dev.weft.loop;

import static dev.weft.Weft.done;
import static dev.weft.Weft.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.TestBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's hooks for channel owners: the shared I/O buffer, the key count, release at close. */
class LoopChannelsTest extends TestBase {

  @Test
  void channelsStillRegisteredAreHandedToTheirHandlersWhenTheLoopCloses() throws IOException {
    Pipe withHandler = Pipe.open();
    Pipe withDefault = Pipe.open();
    List<SelectionKey> told = new ArrayList<>();
    try {
      run(() -> {
        EventLoop loop = EventLoop.current();
        try {
          withHandler.source().configureBlocking(false);
          withDefault.source().configureBlocking(false);
          loop.register(withHandler.source(), SelectionKey.OP_READ, new IoHandler() {
            @Override
            public void ready(final SelectionKey key) {
            }

            @Override
            public void loopClosing(final SelectionKey key) throws IOException {
              told.add(key);
              key.channel().close();
            }
          });
          loop.register(withDefault.source(), SelectionKey.OP_READ, key -> { });
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        assertEquals(2, loop.keyCount());
        return done();
      });
      assertEquals(1, told.size(), "the owner was told once");
      assertSame(withHandler.source(), told.get(0).channel());
      assertFalse(withHandler.source().isOpen());
      assertFalse(withDefault.source().isOpen(), "the default loopClosing closes the channel");
    } finally {
      withHandler.sink().close();
      withDefault.sink().close();
    }
  }

  @Test
  void theIoBufferIsOneDirectBufferPerLoop() {
    ByteBuffer[] seen = new ByteBuffer[2];
    run(() -> {
      seen[0] = EventLoop.current().ioBuffer();
      assertSame(seen[0], EventLoop.current().ioBuffer());
      return done();
    });
    run(() -> {
      seen[1] = EventLoop.current().ioBuffer();
      return done();
    });
    assertTrue(seen[0].isDirect());
    assertEquals(EventLoop.IO_BUFFER_SIZE, seen[0].capacity());
    assertTrue(seen[0] != seen[1], "each loop has its own");
  }
}

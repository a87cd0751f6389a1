package dev.weft.it.rejected;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

/** A method the transformer accepts: it must not be reported. */
public final class Fine {

    private Fine() {
    }

    @Async
    static Task<Integer> later(final int value) {
        await(sleep(1));
        return done(value);
    }
}

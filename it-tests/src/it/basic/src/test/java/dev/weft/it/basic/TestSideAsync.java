package dev.weft.it.basic;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

/** An {@code @Async} method among the test classes: rewritten by the {@code transform-test} goal. */
final class TestSideAsync {

    private TestSideAsync() {
    }

    @Async
    static Task<Integer> doubledLater(final int x) {
        await(sleep(1));
        return done(2 * x);
    }
}

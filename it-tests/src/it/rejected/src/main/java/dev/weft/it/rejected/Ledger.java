package dev.weft.it.rejected;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;

/** An instance method that holds a monitor across a suspension: rejected. */
public final class Ledger {

    private final Object lock = new Object();
    private long balance = 100;

    @Async
    Task<Long> total() {
        synchronized (lock) {
            await(sleep(1)); // REJECTED: await inside synchronized
            return done(balance);
        }
    }
}

package dev.weft.it.rejected;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;

import dev.weft.Async;
import dev.weft.Task;

/** A static method that holds a class monitor across an await: rejected too (every error is reported). */
public final class Audit {

    private static int entries;

    private Audit() {
    }

    @Async
    static Task<Integer> record(final Task<Integer> amount) {
        synchronized (Audit.class) {
            entries += await(amount); // REJECTED: await inside synchronized
        }
        return done(entries);
    }
}

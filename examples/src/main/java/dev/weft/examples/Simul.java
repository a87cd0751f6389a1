package dev.weft.examples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static dev.weft.Weft.sleep;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The simultaneous exhibition from Real Python's asyncio walkthrough (after Miguel Grinberg's talk): a chess
 * master plays 24 boards; she takes 5 s per move, each opponent 55 s, and a game is 30 move pairs.
 *
 * <pre>
 * $ java -jar weft-examples.jar simul              # or: simul --boards 12 --speed 900 --verbose
 * Synchronous: one game after another, each 30 x (5 s + 55 s) = 30 min.
 *   played 1 of 24 boards in 1.00 s; all 24 would take 24.00 s (12 h 00 min at real speed)
 * Asynchronous: she moves at each board in turn while the other opponents think.
 * BOARD-1 1 Judit made a move.
 * ...
 * BOARD-24 - &gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt;&gt; Finished in 2.03 s (1 h 01 min at real speed)
 * Board exhibition finished in 2.03 s (1 h 01 min at real speed), against 24.00 s (12 h 00 min at real speed)
 * one game after another.
 * </pre>
 *
 * <p>Time runs {@code --speed} times faster than real (default 1800, so the exhibition takes about 2 s). Her move
 * is a blocking pause of the loop thread, as {@code time.sleep} is in the original: she is one person, and while
 * she thinks at one board nothing else moves. An opponent's move is {@code await(sleep(...))}, so all the
 * opponents think at once. Played one game after another, the exhibition would take 12 hours (24 s at the default
 * speed); so the synchronous version plays only {@code --sync-boards} boards (default 1), and the time for all of
 * them is that measurement scaled up, next to the computed 24 x 30 x 60 s. Only her move pairs in the first round
 * are printed unless {@code --verbose}. Thread rule: {@link #execute} runs an event loop on the calling thread.
 */
public final class Simul {

    private static final String USAGE = "simul [--boards N] [--moves N] [--speed FACTOR] [--sync-boards N]"
            + " [-v|--verbose]";

    /** The master's time per move, at real speed. */
    static final Duration MASTER_MOVE = Duration.ofSeconds(5);

    /** An opponent's time per move, at real speed. */
    static final Duration OPPONENT_MOVE = Duration.ofSeconds(55);

    /** The last stretch of a {@link #pause} that is spun rather than parked. */
    private static final long SPIN_NANOS = 1_000_000;

    /** Where the demo prints. */
    private final PrintStream out;

    /** How many move pairs a game has. */
    private final int movePairs;

    /** How much faster than real time the demo runs. */
    private final double speed;

    /** Whether to print every move, not just the first round's. */
    private final boolean verbose;

    private Simul(final PrintStream out, final int movePairs, final double speed, final boolean verbose) {
        this.out = out;
        this.movePairs = movePairs;
        this.speed = speed;
        this.verbose = verbose;
    }

    /**
     * One game, on the event loop: she moves (blocking: her time is the one shared resource), then the
     * opponent thinks (suspending: the loop serves other boards meanwhile).
     *
     * @param board the board's number, from 1
     * @return the task of the game's duration
     */
    @Async
    Task<Duration> game(final int board) {
        long start = System.nanoTime();
        for (int move = 1; move <= movePairs; move++) {
            pause(scaled(MASTER_MOVE));
            printMove(move, String.format(Locale.ROOT, "BOARD-%d %d Judit made a move.", board, move));
            await(sleep(scaled(OPPONENT_MOVE)));
            printMove(move, String.format(Locale.ROOT, "BOARD-%d %d Opponent made a move.", board, move));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        out.printf(Locale.ROOT, "BOARD-%d - >>>>>>>>>>>>>>>>> Finished in %s%n", board, describe(took));
        return done(took);
    }

    /**
     * All games at once: the asynchronous version.
     *
     * @param boards how many boards
     * @return the task of the exhibition's duration (from her first move: the loop's start-up is not play)
     */
    @Async
    Task<Duration> exhibition(final int boards) {
        long start = System.nanoTime();
        List<Task<Duration>> games = new ArrayList<>();
        for (int b = 1; b <= boards; b++) {
            games.add(game(b));
        }
        await(gather(games));
        return done(Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * One game with blocking pauses only: the synchronous version.
     *
     * @return the game's duration
     */
    Duration syncGame() {
        long start = System.nanoTime();
        for (int move = 1; move <= movePairs; move++) {
            pause(scaled(MASTER_MOVE));
            pause(scaled(OPPONENT_MOVE));
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void printMove(final int move, final String line) {
        if (verbose || move == 1) {
            out.println(line);
        }
    }

    /** @return a real-time duration at this demo's speed */
    private Duration scaled(final Duration real) {
        return Duration.ofNanos(Math.round(real.toNanos() / speed));
    }

    /** @return a measured duration, and what it stands for at real speed */
    private String describe(final Duration measured) {
        return String.format(Locale.ROOT, "%.2f s (%s at real speed)", measured.toNanos() / 1e9,
                hoursMinutes(measured.toNanos() * speed / 1e9));
    }

    private static String hoursMinutes(final double seconds) {
        long minutes = Math.round(seconds / 60);
        return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }

    /**
     * Blocks the calling thread for {@code d}, precisely: {@code Thread.sleep} rounds to milliseconds on JDK 17
     * and a park can overshoot by half a millisecond, which over 720 moves of 2.8 ms would skew the story by
     * minutes. So it parks until about a millisecond is left, then spins.
     *
     * @param d how long
     */
    static void pause(final Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            if (left > SPIN_NANOS) {
                LockSupport.parkNanos(left - SPIN_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Runs the demo: a measured sample of the synchronous exhibition, then the asynchronous one.
     *
     * @param args {@code --boards} (24), {@code --moves} (30), {@code --speed} (1800), {@code --sync-boards} (1),
     *             {@code -v}/{@code --verbose}; not null
     * @param out  where to print; not null
     * @throws Args.UsageException for a bad command line
     */
    static void execute(final String[] args, final PrintStream out) {
        Args a = new Args(args, USAGE);
        int boards = a.intOption("--boards", 24, 1);
        int moves = a.intOption("--moves", 30, 1);
        double speed = a.positiveOption("--speed", 1800);
        int syncBoards = Math.min(boards, a.intOption("--sync-boards", 1, 0));
        boolean verbose = a.flag("-v|--verbose");
        if (!a.positionals().isEmpty()) {
            throw a.fail("no positional arguments expected: " + a.positionals());
        }
        Simul demo = new Simul(out, moves, speed, verbose);

        // Synchronous: measure a few games, scale up to all boards (playing them all would take boards x longer).
        Duration gameLength = MASTER_MOVE.plus(OPPONENT_MOVE).multipliedBy(moves);
        out.printf(Locale.ROOT, "Synchronous: one game after another, each %d x (5 s + 55 s) = %d min.%n",
                moves, gameLength.toMinutes());
        Duration syncAll;
        if (syncBoards > 0) {
            long start = System.nanoTime();
            for (int b = 0; b < syncBoards; b++) {
                demo.syncGame();
            }
            Duration played = Duration.ofNanos(System.nanoTime() - start);
            syncAll = played.dividedBy(syncBoards).multipliedBy(boards);
            out.printf(Locale.ROOT, "  played %d of %d boards in %.2f s; all %d would take %s%n",
                    syncBoards, boards, played.toNanos() / 1e9, boards, demo.describe(syncAll));
        } else {
            syncAll = demo.scaled(gameLength.multipliedBy(boards));
            out.printf(Locale.ROOT, "  computed: all %d boards would take %s%n", boards, demo.describe(syncAll));
        }

        out.println("Asynchronous: she moves at each board in turn while the other opponents think.");
        Duration async = Weft.run(() -> demo.exhibition(boards));
        out.printf(Locale.ROOT, "Board exhibition finished in %s, against %s one game after another.%n",
                demo.describe(async), demo.describe(syncAll));
    }

    /**
     * Runs the demo, printing to standard output.
     *
     * @param args see {@link #execute}
     */
    public static void main(final String[] args) {
        execute(args, System.out);
    }
}

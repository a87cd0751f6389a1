package dev.weft.net;

import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * One trial of {@link HalfCloseAndResetTest}: which fault, which side Weft plays, and the sizes and seeds both sides
 * agree on. The blocking peer's half is {@link HalfClosePeer}.
 *
 * @param index the trial's number (for messages)
 * @param fault what happens to the connection
 * @param weftServer true: Weft serves and a blocking client connects; false: Weft connects to a blocking server
 * @param variant the fault's variant (see the constants)
 * @param seedA the stream sent first (by the side named in {@link Fault})
 * @param lengthA its length
 * @param seedB the stream sent back
 * @param lengthB its length
 * @param peerReads {@link Fault#RST_MID_WRITE}: the bytes the peer reads before it resets
 * @param draining {@link Fault#RST_MID_WRITE}: counted down once Weft's writer is suspended in {@code drain()}
 */
record HalfCloseTrial(int index, Fault fault, boolean weftServer, int variant, long seedA, int lengthA, long seedB,
    int lengthB, int peerReads, CountDownLatch draining) {

  /** What a trial does to the connection. */
  enum Fault {
    /** The peer sends and half-closes; Weft reads everything, then EOF, then writes back. */
    PEER_HALF_CLOSE,
    /** Weft sends and half-closes ({@code shutdownOutput}); the peer reads to EOF and writes back. */
    WEFT_HALF_CLOSE,
    /** The peer sends, then resets (SO_LINGER 0) while Weft reads. */
    RST_MID_READ,
    /** Weft writes a long stream; the peer reads part of it, then resets. */
    RST_MID_WRITE
  }

  /** {@link Fault#PEER_HALF_CLOSE}: Weft reads with a {@code read} loop, {@code readExactly} past EOF, readAll. */
  static final int READ_LOOP = 0;
  static final int READ_EXACTLY_PAST_EOF = 1;
  static final int READ_ALL = 2;
  /** {@link Fault#RST_MID_READ}: the peer resets after Weft acknowledged all bytes, so Weft's read waits. */
  static final int ACKED = 0;
  /** {@link Fault#RST_MID_READ}: the peer resets right after sending, whatever Weft has read by then. */
  static final int UNACKED = 1;
  /** {@link Fault#RST_MID_WRITE}: the peer resets once it has read its bytes. */
  static final int AT_ONCE = 0;
  /** {@link Fault#RST_MID_WRITE}: the peer resets once Weft's writer waits in {@code drain()}. */
  static final int IN_DRAIN = 1;

  /** The byte Weft acknowledges with ({@link #ACKED}), or says it is ready with ({@link #UNACKED}). */
  static final int SIGNAL = '!';
  /** Sizes of the streams: 0 (or 1) to 512 KiB. */
  private static final int MAX_LENGTH = 512 * 1024;

  /** The {@code index}-th trial: faults and roles round-robin, everything else random. */
  static HalfCloseTrial make(final int index, final Random rnd) {
    Fault fault = Fault.values()[index % Fault.values().length];
    boolean weftServer = (index / Fault.values().length) % 2 == 0;
    int variants = fault == Fault.PEER_HALF_CLOSE ? 3 : fault == Fault.WEFT_HALF_CLOSE ? 1 : 2;
    int min = fault == Fault.RST_MID_READ ? 1 : 0;
    return new HalfCloseTrial(index, fault, weftServer, rnd.nextInt(variants), rnd.nextLong(), length(rnd, min),
        rnd.nextLong(), length(rnd, 1), 1 + rnd.nextInt(1 << 20), new CountDownLatch(1));
  }

  /** {@code min} to 512 KiB, log-uniform, with {@code min} itself one time in ten. */
  private static int length(final Random rnd, final int min) {
    if (rnd.nextInt(10) == 0) {
      return min;
    }
    return (int) Math.min(MAX_LENGTH, Math.max(Math.max(min, 1), Math.exp(rnd.nextDouble() * Math.log(MAX_LENGTH))));
  }

  /** @return "trial 17 (RST_MID_READ/1, Weft client)" */
  String describe() {
    return "trial " + index + " (" + fault + "/" + variant + ", Weft " + (weftServer ? "server" : "client") + ")";
  }
}

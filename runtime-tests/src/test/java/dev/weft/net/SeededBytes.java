package dev.weft.net;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;

import dev.weft.Async;
import dev.weft.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A pseudo-random byte stream that is never held whole: generated chunk by chunk from a seed and hashed (SHA-256)
 * on the way, so a soak can send megabytes on a thousand connections and check each one end to end by comparing the
 * sender's digest with the receiver's ({@link #digestOf}) without keeping either side's bytes.
 *
 * <pre>{@code
 * SeededBytes out = new SeededBytes(seed);
 * out.next(chunk, n);  writer.write(chunk, 0, n);  ...
 * boolean same = Arrays.equals(out.digest(), receivedDigest);
 * }</pre>
 *
 * <p>The static helpers send and check such streams from Weft code ({@link #send}, {@link #receive}) and from
 * blocking code ({@link #write}, {@link #readAndCheck}). Not thread-safe: one stream per sender.
 */
final class SeededBytes {

  /** The largest chunk the helpers write at once. */
  static final int CHUNK = 64 * 1024;
  /**
   * The Weft senders' scratch array: {@code write} copies what the socket does not take before it returns, and a
   * chunk is filled and written with no suspension in between, so every sender on a loop can share one array (a
   * thousand connections with an array each made the collector's pauses dominate the soak's loop-lag figure).
   */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[CHUNK]);

  private final SplittableRandom gen;
  private final MessageDigest sha = sha256();
  private long produced;
  /** The unused bytes of the last random long: the stream must not depend on how it is cut into chunks. */
  private long bits;
  private int bitsLeft;

  SeededBytes(final long seed) {
    this.gen = new SplittableRandom(seed);
  }

  /**
   * Fills {@code b[0..n)} with the next {@code n} bytes of the stream and adds them to the digest.
   *
   * @param b the array to fill; at least {@code n} long
   * @param n how many bytes
   */
  void next(final byte[] b, final int n) {
    for (int i = 0; i < n; i++) {
      if (bitsLeft == 0) {
        bits = gen.nextLong();
        bitsLeft = 8;
      }
      b[i] = (byte) bits;
      bits >>>= 8;
      bitsLeft--;
    }
    sha.update(b, 0, n);
    produced += n;
  }

  /** @return the bytes produced so far */
  long produced() {
    return produced;
  }

  /** @return the SHA-256 of the bytes produced so far (ends the digest: call once) */
  byte[] digest() {
    return sha.digest();
  }

  /** @return a fresh SHA-256 digest */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** @return the SHA-256 of the first {@code length} bytes of the stream of {@code seed} */
  static byte[] digestOf(final long seed, final int length) {
    SeededBytes s = new SeededBytes(seed);
    byte[] chunk = new byte[Math.min(Math.max(length, 1), 64 * 1024)];
    for (int left = length; left > 0; left -= chunk.length) {
      s.next(chunk, Math.min(left, chunk.length));
    }
    return s.digest();
  }

  // ---- Weft side --------------------------------------------------------------------------------------------

  /**
   * Writes the first {@code length} bytes of the stream of {@code seed} in chunks of random size (1 byte to 64 KiB),
   * awaiting {@code drain()} after each.
   *
   * @return the SHA-256 of what was written
   */
  @Async
  static Task<byte[]> send(final StreamWriter out, final long seed, final int length) {
    SeededBytes bytes = new SeededBytes(seed);
    Random sizes = new Random(seed);
    byte[] chunk = SCRATCH.get();
    int sent = 0;
    while (sent < length) {
      int n = Math.min(length - sent, 1 + sizes.nextInt(Math.min(length, CHUNK)));
      bytes.next(chunk, n);
      out.write(chunk, 0, n);
      sent += n;
      await(out.drain());
    }
    return done(bytes.digest());
  }

  /**
   * Reads to EOF and checks that exactly the first {@code length} bytes of the stream of {@code seed} came.
   *
   * @return null when they did, else what differed
   */
  @Async
  static Task<String> receive(final StreamReader in, final long seed, final int length) {
    MessageDigest got = sha256();
    long count = 0;
    while (true) {
      byte[] b = await(in.read(CHUNK));
      if (b.length == 0) {
        break;
      }
      got.update(b);
      count += b.length;
    }
    return done(check(got.digest(), count, seed, length));
  }

  // ---- blocking side ----------------------------------------------------------------------------------------

  /** Writes the first {@code length} bytes of the stream of {@code seed}. */
  static void write(final OutputStream out, final long seed, final int length) throws IOException {
    SeededBytes bytes = new SeededBytes(seed);
    byte[] chunk = new byte[CHUNK];
    for (int left = length; left > 0; left -= chunk.length) {
      int n = Math.min(left, chunk.length);
      bytes.next(chunk, n);
      out.write(chunk, 0, n);
    }
  }

  /**
   * Reads {@code max} bytes, or to EOF if {@code max} is negative, and checks them against the start of the
   * stream of {@code seed}: exactly {@code length} bytes when reading to EOF, a prefix of it otherwise.
   *
   * @return null when they match, else what differed
   */
  static String readAndCheck(final InputStream in, final long seed, final int length, final int max)
      throws IOException {
    MessageDigest got = sha256();
    byte[] chunk = new byte[CHUNK];
    long count = 0;
    while (max < 0 || count < max) {
      int r = in.read(chunk, 0, max < 0 ? chunk.length : (int) Math.min(chunk.length, max - count));
      if (r < 0) {
        break;
      }
      got.update(chunk, 0, r);
      count += r;
    }
    if (max >= 0 && count < max) {
      return "EOF after " + count + " of " + max + " bytes";
    }
    return check(got.digest(), count, seed, max < 0 ? length : (int) count);
  }

  /** Null when {@code digest} and {@code count} are those of the first {@code length} bytes of {@code seed}'s. */
  static String check(final byte[] digest, final long count, final long seed, final int length) {
    if (count != length) {
      return "expected " + length + " bytes, got " + count;
    }
    return Arrays.equals(digest, digestOf(seed, length)) ? null : "SHA-256 differs over " + length + " bytes";
  }
}

package dev.weft.net;

import static dev.weft.net.NetTesting.HOST;

import dev.weft.net.HalfCloseTrial.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The blocking peer of {@link HalfCloseAndResetTest}: plain {@code java.net} sockets on another thread, so what
 * Weft sees is what a real, independent TCP stack sends. Every blocking call has a timeout; a timeout means Weft
 * failed to deliver something, and is reported as a hang.
 */
final class HalfClosePeer {

  /** Prefix of a problem that is a hang (the peer waited past its bound). */
  static final String HANG = "HANG: ";

  private HalfClosePeer() {
  }

  /** Connects to Weft's server and plays the trial; null when the peer saw what it should. */
  static String client(final int port, final HalfCloseTrial t, final long boundMillis) {
    try (Socket s = new Socket(HOST, port)) {
      return play(s, t, boundMillis);
    } catch (SocketTimeoutException e) {
      return HANG + "peer timed out: " + e;
    } catch (IOException | InterruptedException e) {
      return "peer failed: " + e;
    }
  }

  /** Accepts Weft's connection and plays the trial; null when the peer saw what it should. */
  static String server(final ServerSocket listening, final HalfCloseTrial t, final long boundMillis) {
    try (Socket s = listening.accept()) {
      return play(s, t, boundMillis);
    } catch (SocketTimeoutException e) {
      return HANG + "peer timed out: " + e;
    } catch (IOException | InterruptedException e) {
      return "peer failed: " + e;
    }
  }

  private static String play(final Socket s, final HalfCloseTrial t, final long boundMillis)
      throws IOException, InterruptedException {
    s.setSoTimeout((int) boundMillis);
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    Fault fault = t.fault();
    if (fault == Fault.PEER_HALF_CLOSE) {
      SeededBytes.write(out, t.seedA(), t.lengthA());
      s.shutdownOutput();
      return prefixed("the reply after our half-close: ", SeededBytes.readAndCheck(in, t.seedB(), t.lengthB(), -1));
    }
    if (fault == Fault.WEFT_HALF_CLOSE) {
      String p = SeededBytes.readAndCheck(in, t.seedA(), t.lengthA(), -1);
      if (p != null) {
        return "peer, reading to Weft's half-close: " + p;
      }
      SeededBytes.write(out, t.seedB(), t.lengthB()); // then close(): a FIN after the bytes
      return null;
    }
    if (fault == Fault.RST_MID_READ) {
      if (t.variant() == HalfCloseTrial.ACKED) {
        SeededBytes.write(out, t.seedA(), t.lengthA());
        if (in.read() != HalfCloseTrial.SIGNAL) {
          return "peer: no acknowledgement";
        }
      } else {
        if (in.read() != HalfCloseTrial.SIGNAL) {
          return "peer: no ready signal";
        }
        SeededBytes.write(out, t.seedA(), t.lengthA());
      }
      reset(s);
      return null;
    }
    // RST_MID_WRITE
    String p = SeededBytes.readAndCheck(in, t.seedA(), t.peerReads(), t.peerReads());
    if (p != null) {
      return "peer, reading before its reset: " + p;
    }
    if (t.variant() == HalfCloseTrial.IN_DRAIN && !t.draining().await(boundMillis, TimeUnit.MILLISECONDS)) {
      return HANG + "Weft's writer never waited in drain()";
    }
    reset(s);
    return null;
  }

  /** Closes with SO_LINGER 0: the kernel sends an RST instead of a FIN. */
  private static void reset(final Socket s) throws IOException {
    s.setSoLinger(true, 0);
    s.close();
  }

  private static String prefixed(final String prefix, final String problem) {
    return problem == null ? null : prefix + problem;
  }
}

package dev.weft.net;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * How a TLS connection is set up: the JDK {@link SSLContext} (keys and trust), optional {@link SSLParameters}
 * (protocols, cipher suites, client authentication, ALPN), host name verification and the handshake timeout.
 * Immutable: each {@code with...} returns a new instance.
 *
 * <pre>{@code
 * // client: trust what the context trusts, check the server's name against the host connected to
 * TcpConnection c = await(Tcp.openConnection("example.org", 443, sslContext));
 *
 * // server that requires a client certificate
 * SSLParameters p = serverContext.getDefaultSSLParameters();
 * p.setNeedClientAuth(true);
 * TcpServer s = await(Tcp.startServer("127.0.0.1", 0, handler,
 *     TlsOptions.of(serverContext).withParameters(p), StreamOptions.defaults()));
 * }</pre>
 *
 * <p>Defaults, as asyncio's {@code create_default_context}: a client checks the server's certificate against the
 * host it connects to ({@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}: a name, or an IP literal
 * matched against the certificate's IP subject alternative names); names are sent as SNI. The handshake must finish
 * within {@link #DEFAULT_HANDSHAKE_TIMEOUT} (asyncio's {@code ssl_handshake_timeout}), so a peer that connects and
 * goes quiet cannot hold a server's connection forever.
 *
 * <p>Threads: immutable; any thread. Nulls: no argument may be null.
 */
public final class TlsOptions {

  /** The default limit on the handshake: 60 seconds, as asyncio. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

  private final SSLContext context;
  /** A private copy, or null for the context's defaults. */
  private final SSLParameters parameters;
  private final boolean verifyHostname;
  private final Duration handshakeTimeout;

  private TlsOptions(final SSLContext context, final SSLParameters parameters, final boolean verifyHostname,
      final Duration handshakeTimeout) {
    this.context = context;
    this.parameters = parameters;
    this.verifyHostname = verifyHostname;
    this.handshakeTimeout = handshakeTimeout;
  }

  /**
   * Options for a context, with the defaults above.
   *
   * @param context the keys and trust; not null
   * @return the options
   */
  public static TlsOptions of(final SSLContext context) {
    return new TlsOptions(Objects.requireNonNull(context, "context"), null, true, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * Sets the parameters every engine gets ({@code SSLEngine.setSSLParameters}): protocols, cipher suites,
   * {@code setNeedClientAuth}/{@code setWantClientAuth} on a server, ALPN, SNI names. They are copied now, so later
   * changes to {@code parameters} do not leak in. A client's host name check is still governed by
   * {@link #withHostnameVerification}.
   *
   * @param parameters the parameters; not null
   * @return new options
   */
  public TlsOptions withParameters(final SSLParameters parameters) {
    return new TlsOptions(context, copy(Objects.requireNonNull(parameters, "parameters")), verifyHostname,
        handshakeTimeout);
  }

  /**
   * Turns the client's host name check on (the default) or off. Off, any certificate the context trusts is
   * accepted whatever name it carries: only for tests and for peers identified some other way.
   *
   * @param verify whether a client checks the server's certificate against the host it connects to
   * @return new options
   */
  public TlsOptions withHostnameVerification(final boolean verify) {
    return new TlsOptions(context, parameters, verify, handshakeTimeout);
  }

  /**
   * Sets the limit on the handshake; when it passes, the handshake fails with {@code SSLHandshakeException} and
   * the socket is closed.
   *
   * @param timeout a positive duration
   * @return new options
   * @throws IllegalArgumentException if the timeout is zero or negative
   */
  public TlsOptions withHandshakeTimeout(final Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("handshakeTimeout: " + timeout + " (expected: > 0)");
    }
    return new TlsOptions(context, parameters, verifyHostname, timeout);
  }

  /** @return the context */
  public SSLContext context() {
    return context;
  }

  /** @return a copy of the parameters set with {@link #withParameters}, or null when none were */
  public SSLParameters parameters() {
    return parameters == null ? null : copy(parameters);
  }

  /** @return whether a client checks the server's host name */
  public boolean hostnameVerification() {
    return verifyHostname;
  }

  /** @return the handshake's time limit */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** The parameters to give an engine, or null to keep the engine's own; shared, so the caller must not change it. */
  SSLParameters sharedParameters() {
    return parameters;
  }

  private static SSLParameters copy(final SSLParameters p) {
    SSLParameters c = new SSLParameters(p.getCipherSuites(), p.getProtocols());
    c.setAlgorithmConstraints(p.getAlgorithmConstraints());
    c.setEndpointIdentificationAlgorithm(p.getEndpointIdentificationAlgorithm());
    c.setServerNames(p.getServerNames());
    c.setSNIMatchers(p.getSNIMatchers());
    c.setUseCipherSuitesOrder(p.getUseCipherSuitesOrder());
    c.setEnableRetransmissions(p.getEnableRetransmissions());
    c.setMaximumPacketSize(p.getMaximumPacketSize());
    c.setApplicationProtocols(p.getApplicationProtocols());
    if (p.getNeedClientAuth()) {
      c.setNeedClientAuth(true); // setting one clears the other, so set only the one that is on
    } else if (p.getWantClientAuth()) {
      c.setWantClientAuth(true);
    }
    return c;
  }

  @Override
  public String toString() {
    return "TlsOptions[" + context.getProtocol() + (parameters != null ? ", parameters" : "")
        + (verifyHostname ? "" : ", no hostname verification") + ", handshakeTimeout=" + handshakeTimeout + "]";
  }
}

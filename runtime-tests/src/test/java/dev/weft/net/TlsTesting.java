package dev.weft.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made at test time by the JDK's own {@code keytool} ({@code java.home/bin}, present in
 * every JDK: the JDK has no public certificate-building API), and the {@link SSLContext}s the TLS tests use:
 * <ul>
 *   <li>the server: a key for {@code localhost} / {@code 127.0.0.1} (subject alternative names), trusting the
 *       client's certificate (for client authentication);</li>
 *   <li>the client: its own key, trusting the server's certificate;</li>
 *   <li>a rogue client: a key nobody trusts, trusting the server;</li>
 *   <li>a stranger: no key, trusting nothing the server has (the JDK's default trust store).</li>
 * </ul>
 * Keys are EC P-256 (fast to make and to use). Made once per JVM, in a temporary directory deleted at exit.
 */
final class TlsTesting {

  private static final char[] PASSWORD = "changeit".toCharArray();

  private TlsTesting() {
  }

  /** The contexts, made on first use. */
  static final class Contexts {
    static final SSLContext SERVER;
    static final SSLContext CLIENT;
    static final SSLContext ROGUE_CLIENT;
    static final SSLContext STRANGER;

    static {
      try {
        Path dir = Files.createTempDirectory("weft-tls-test");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
        KeyStore server = generate(dir, "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        KeyStore client = generate(dir, "client", "CN=weft test client", null);
        KeyStore rogue = generate(dir, "rogue", "CN=rogue client", null);
        SERVER = context(server, trust(client));
        CLIENT = context(client, trust(server));
        ROGUE_CLIENT = context(rogue, trust(server));
        STRANGER = SSLContext.getInstance("TLS");
        STRANGER.init(null, null, null); // the JDK's default trust store: knows nothing of our certificates
      } catch (IOException | GeneralSecurityException | InterruptedException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private Contexts() {
    }
  }

  /** Runs {@code keytool -genkeypair} into {@code dir/name.p12} and loads the result. */
  private static KeyStore generate(final Path dir, final String name, final String dname, final String ext)
      throws IOException, GeneralSecurityException, InterruptedException {
    Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
    Path store = dir.resolve(name + ".p12");
    List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", name,
        "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "2",
        "-dname", dname, "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD), "-noprompt"));
    if (ext != null) {
      cmd.add("-ext");
      cmd.add(ext);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + cmd + "\n" + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** A trust store holding only the certificates of {@code ks}'s keys. */
  private static KeyStore trust(final KeyStore ks) throws IOException, GeneralSecurityException {
    KeyStore t = KeyStore.getInstance("PKCS12");
    t.load(null, null);
    for (String alias : java.util.Collections.list(ks.aliases())) {
      Certificate c = ks.getCertificate(alias);
      t.setCertificateEntry(alias, c);
    }
    return t;
  }

  private static SSLContext context(final KeyStore keys, final KeyStore trusted) throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return c;
  }

  private static void deleteQuietly(final Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; the system cleans it eventually
    }
  }
}

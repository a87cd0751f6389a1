package dev.weft.agent;

import java.lang.instrument.Instrumentation;

/**
 * Adds the Weft transformer to an {@link Instrumentation}, once per JVM.
 *
 * <p>Once per JVM, not per class: the agent may be reached twice ({@code -javaagent} and a self-attach, or two
 * copies of the jar in different class loaders), so the guard is the system property {@value #PROPERTY}, which
 * every copy sees. A second transformer would do no harm (a transformed class carries a marker and is skipped)
 * but would cost a second scan of every class.
 *
 * <p>The transformer is registered as not retransform-capable: it works on classes as they are defined, and
 * never asks the JVM to redo classes that are already loaded.
 *
 * <p>Thread-safe.
 */
final class AgentInstaller {

  /** Set to {@value #INSTALLED} once the transformer is registered; the runtime reads it to explain errors. */
  static final String PROPERTY = "dev.weft.agent";

  /** The value of {@link #PROPERTY} when installed. */
  static final String INSTALLED = "installed";

  private AgentInstaller() {
    throw new AssertionError("no instances");
  }

  /** Installs with diagnostics going to standard error. */
  static boolean install(final Instrumentation instrumentation) {
    return install(instrumentation, new AgentListener.StreamWriting(System.err));
  }

  /**
   * @param instrumentation where to register the transformer; never null
   * @param listener where diagnostics go; never null
   * @return true when this call registered the transformer, false when one was already registered
   */
  static synchronized boolean install(final Instrumentation instrumentation, final AgentListener listener) {
    if (isInstalled()) {
      return false;
    }
    instrumentation.addTransformer(new TransformerAdapter(listener), false);
    System.setProperty(PROPERTY, INSTALLED);
    return true;
  }

  /** @return true when a Weft agent (this copy or another) has installed its transformer in this JVM */
  static boolean isInstalled() {
    return INSTALLED.equals(System.getProperty(PROPERTY));
  }
}

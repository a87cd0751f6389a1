package dev.weft.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points: rewrites {@code @Async} classes as they load, so an application runs without the
 * build-time plugin. Nothing else lives here; {@link AgentInstaller} does the work.
 *
 * <p><b>On the command line</b> (the usual way):
 *
 * <pre>
 * java -javaagent:weft-agent-&lt;version&gt;.jar -cp weft-runtime-&lt;version&gt;.jar:app.jar app.Main
 * </pre>
 *
 * Under {@code -javaagent} the jar's classes load through the bootstrap loader (its manifest's {@code Boot-Class-Path}
 * names the jar's own file), which is what keeps the agent's start-up cost low: keep the file name the build gave it.
 * A renamed copy works, its classes then loading from the system class path, some tens of milliseconds slower.
 *
 * <p><b>Self-attach</b> from the application, before any {@code @Async} class loads (a class loaded earlier stays
 * untransformed, and calling its {@code await} throws an {@link IllegalStateException} saying so):
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   WeftAgent.install();          // first statement: Main itself must not hold @Async methods
 *   App.main(args);
 * }
 * }</pre>
 *
 * Since JDK 9 a JVM refuses to attach to itself unless started with {@code -Djdk.attach.allowAttachSelf=true};
 * without it, Byte Buddy's attach support starts a short-lived helper JVM to attach instead (slower, and it needs
 * a {@code java} launcher beside the running one). Since JDK 21 a dynamically loaded agent prints a warning
 * (JEP 451) and a future JDK will refuse it by default: start the JVM with {@code -XX:+EnableDynamicAgentLoading},
 * or prefer {@code -javaagent}, which never warns.
 *
 * <p><b>Executable jars</b>: put this jar's classes into the application's jar (e.g. with the shade plugin) and
 * add {@code Launcher-Agent-Class: dev.weft.agent.WeftAgent} to its manifest; {@code java -jar app.jar} then
 * starts the agent before {@code main}, without a command-line flag and without the JDK 21 warning.
 *
 * <p><b>Tests under Surefire</b>: let the dependency plugin's {@code properties} goal define the jar's path, and
 * hand it to the forked JVM:
 *
 * <pre>
 * &lt;plugin&gt;
 *   &lt;artifactId&gt;maven-dependency-plugin&lt;/artifactId&gt;
 *   &lt;executions&gt;&lt;execution&gt;&lt;goals&gt;&lt;goal&gt;properties&lt;/goal&gt;&lt;/goals&gt;&lt;/execution&gt;&lt;/executions&gt;
 * &lt;/plugin&gt;
 * &lt;plugin&gt;
 *   &lt;artifactId&gt;maven-surefire-plugin&lt;/artifactId&gt;
 *   &lt;configuration&gt;
 *     &lt;argLine&gt;@{argLine} -javaagent:${dev.weft:weft-agent:jar}&lt;/argLine&gt;
 *   &lt;/configuration&gt;
 * &lt;/plugin&gt;
 * </pre>
 *
 * with {@code dev.weft:weft-agent} as a test dependency ({@code @{argLine}} keeps JaCoCo's agent, which Weft's
 * coexists with; drop it, or define an empty {@code argLine} property, when JaCoCo is not used).
 *
 * <p>Installing twice, by any of these routes, installs once. An installed agent sets the system property
 * {@code dev.weft.agent} to {@code installed}. All methods are safe to call from any thread.
 */
public final class WeftAgent {

  private WeftAgent() {
    throw new UnsupportedOperationException("static entry points only");
  }

  /**
   * Called by the JVM for {@code -javaagent} and {@code Launcher-Agent-Class}.
   *
   * @param arguments the text after {@code =} in {@code -javaagent:jar=...}; ignored; may be null
   * @param instrumentation the JVM's instrumentation; never null
   */
  public static void premain(final String arguments, final Instrumentation instrumentation) {
    AgentInstaller.install(instrumentation);
  }

  /**
   * Called by the JVM when the agent is attached to a running JVM (and for {@code Launcher-Agent-Class}).
   *
   * @param arguments the agent's arguments; ignored; may be null
   * @param instrumentation the JVM's instrumentation; never null
   */
  public static void agentmain(final String arguments, final Instrumentation instrumentation) {
    AgentInstaller.install(instrumentation);
  }

  /**
   * Attaches the agent to the running JVM (through Byte Buddy's attach support) unless it is already installed.
   * Only classes loaded afterwards are transformed.
   *
   * @throws IllegalStateException when the JVM cannot attach to itself (e.g. a JRE without the
   *     {@code jdk.attach} module, or {@code -XX:+DisableAttachMechanism})
   */
  public static void install() {
    SelfAttach.install();
  }
}

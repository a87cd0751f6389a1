package dev.weft.agent;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Self-attach for {@link WeftAgent#install()}: obtains an {@link Instrumentation} through Byte Buddy's agent
 * support (which handles {@code jdk.attach.allowAttachSelf} being off by attaching from a helper JVM), then
 * installs the transformer. Thread-safe: concurrent callers attach once.
 */
final class SelfAttach {

  private SelfAttach() {
    throw new AssertionError("no instances");
  }

  static synchronized void install() {
    // Checked first: attaching costs a helper process or a JDK 21+ warning, and is pointless under -javaagent.
    if (AgentInstaller.isInstalled()) {
      return;
    }
    AgentInstaller.install(ByteBuddyAgent.install());
  }
}

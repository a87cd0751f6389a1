package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Installation without a real agent: a recording {@link Instrumentation}. */
class AgentInstallerTest {

  private final List<String> registered = new ArrayList<>();

  @AfterEach
  void uninstall() {
    System.clearProperty(AgentInstaller.PROPERTY);
  }

  @Test
  void installsOnceAndMarksTheJvm() {
    System.clearProperty(AgentInstaller.PROPERTY);
    Instrumentation instrumentation = recording();

    boolean first = AgentInstaller.install(instrumentation);
    boolean second = AgentInstaller.install(instrumentation);
    WeftAgent.premain(null, instrumentation);
    WeftAgent.agentmain("", instrumentation);
    WeftAgent.install(); // already installed: no attach

    assertTrue(first);
    assertFalse(second);
    assertEquals(List.of("TransformerAdapter canRetransform=false"), registered);
    assertEquals("installed", System.getProperty("dev.weft.agent"));
  }

  @Test
  void entryClassCannotBeInstantiated() throws Exception {
    Constructor<WeftAgent> constructor = WeftAgent.class.getDeclaredConstructor();
    constructor.setAccessible(true);

    InvocationTargetException e = assertThrows(InvocationTargetException.class, constructor::newInstance);
    assertTrue(e.getCause() instanceof UnsupportedOperationException);
  }

  private Instrumentation recording() {
    return (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
          if (method.getName().equals("addTransformer")) {
            boolean retransform = args.length > 1 && (Boolean) args[1];
            registered.add(((ClassFileTransformer) args[0]).getClass().getSimpleName()
                + " canRetransform=" + retransform);
            return null;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }
}

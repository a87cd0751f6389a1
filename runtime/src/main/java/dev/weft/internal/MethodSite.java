package dev.weft.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;

/**
 * What every call of one rewritten {@code @Async} method has in common: how to re-enter its body, its kind, the
 * sizes of its save areas and where its suspension points are. One object per method, made once by the
 * {@code invokedynamic} the transformer writes before {@code Coroutine.create}, so a coroutine pays one field for
 * all of it instead of one field each (a parked task is mostly its coroutine: see docs/benchmarks.md).
 *
 * <pre>{@code
 * invokedynamic site()Ldev/weft/internal/MethodSite;   // bootstrap: MethodSite.bootstrap
 *     [bridge handle, sites, kind, refSlots, primSlots]  // static arguments, constants of the class
 * aload 0 / aconst_null
 * invokestatic Coroutine.create(MethodSite, Object)
 * }</pre>
 *
 * <p>Threads: immutable; shared by every thread that calls the method.
 */
public final class MethodSite {

  private static final MethodType RESUME = MethodType.methodType(void.class, Coroutine.class);

  final Resumer resumer;
  final int kind;
  final int refSlots;
  final int primSlots;
  /** {@code "<binary class>|<method>|<source file>|<line of await 1>,..."}, or null when unknown. */
  final String sites;

  /**
   * A method's site, for hand-written state machines (tests); rewritten classes get theirs from
   * {@link #bootstrap}.
   *
   * @param resumer re-enters the method's body; not null
   * @param kind {@link Coroutine#TASK}, {@link Coroutine#COMPLETABLE_FUTURE} or {@link Coroutine#COMPLETION_STAGE}
   * @param refSlots size of the reference save area
   * @param primSlots size of the primitive save area (one slot per int, long, float or double)
   * @param sites where the suspension points are (see {@link Coroutine#site()}); may be null
   */
  public MethodSite(final Resumer resumer, final int kind, final int refSlots, final int primSlots,
      final String sites) {
    this.resumer = Objects.requireNonNull(resumer, "resumer");
    if (kind < Coroutine.TASK || kind > Coroutine.COMPLETION_STAGE) {
      throw new IllegalArgumentException("kind: " + kind + " (expected: 0..2)");
    }
    if (refSlots < 0 || primSlots < 0) {
      throw new IllegalArgumentException("save area sizes: " + refSlots + ", " + primSlots);
    }
    this.kind = kind;
    this.refSlots = refSlots;
    this.primSlots = primSlots;
    this.sites = sites;
  }

  /**
   * The bootstrap of the rewritten method's {@code invokedynamic}: a constant call site returning the method's
   * one {@code MethodSite}, whose resumer is a non-capturing lambda on {@code bridge} (made by
   * {@link LambdaMetafactory} with the rewritten class's own lookup, so the bridge may stay private).
   *
   * @param caller the rewritten class's lookup
   * @param name unused ({@code "site"})
   * @param type {@code ()MethodSite}
   * @param bridge the resume bridge, {@code static void m$resume(Coroutine)}
   * @param sites where the suspension points are
   * @param kind the method's kind
   * @param refSlots size of the reference save area
   * @param primSlots size of the primitive save area
   * @return a constant call site
   * @throws LambdaConversionException if the bridge does not fit {@link Resumer}
   */
  public static CallSite bootstrap(final MethodHandles.Lookup caller, final String name, final MethodType type,
      final MethodHandle bridge, final String sites, final int kind, final int refSlots, final int primSlots)
      throws LambdaConversionException {
    CallSite lambda = LambdaMetafactory.metafactory(caller, "resume", MethodType.methodType(Resumer.class), RESUME,
        bridge, RESUME);
    Resumer resumer;
    try {
      resumer = (Resumer) lambda.getTarget().invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("cannot make the resumer of " + sites, t);
    }
    MethodSite site = new MethodSite(resumer, kind, refSlots, primSlots, sites);
    return new ConstantCallSite(MethodHandles.constant(MethodSite.class, site).asType(type));
  }

  @Override
  public String toString() {
    return "MethodSite[" + (sites != null ? sites : resumer.getClass().getName()) + "]";
  }
}

package dev.weft.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marker the transformer puts on every class it rewrote, so that a second run (plugin then agent, say) recognises
 * the class and leaves it alone. Not for hand-written code.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Transformed {
}

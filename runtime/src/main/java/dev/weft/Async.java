package dev.weft;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose {@code await(...)} calls suspend it instead of blocking a thread. The Weft transformer
 * (the {@code weft-maven-plugin}, the {@code weft-agent} or the command line) rewrites the method into a resumable
 * state machine; without the transformation {@code await} throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * @Async
 * static Task<String> greet(String name) {
 *   await(sleep(Duration.ofMillis(100)));
 *   return done("hello " + name);
 * }
 * }</pre>
 *
 * <p>The method may be static or an instance method, of any visibility, with a body; it returns
 * {@link Task}, {@code CompletableFuture} or {@code CompletionStage}. Calling it runs the body at once, on the
 * caller's thread, up to its first real suspension; the call itself never throws (a failure fails the returned
 * task). Retention is {@code RUNTIME} so that tools and tests can see it by reflection.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Async {
}

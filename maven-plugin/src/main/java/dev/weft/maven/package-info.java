/**
 * The Weft Maven plugin: rewrites {@code @Async} methods into state machines at build time, in
 * {@code target/classes} ({@code weft:transform}, phase {@code process-classes}) and {@code target/test-classes}
 * ({@code weft:transform-test}, phase {@code process-test-classes}).
 *
 * <pre>{@code
 * <dependencies>
 *   <dependency>
 *     <groupId>dev.weft</groupId>
 *     <artifactId>weft-runtime</artifactId>
 *     <version>${weft.version}</version>
 *   </dependency>
 * </dependencies>
 * <build>
 *   <plugins>
 *     <plugin>
 *       <groupId>dev.weft</groupId>
 *       <artifactId>weft-maven-plugin</artifactId>
 *       <version>${weft.version}</version>
 *       <executions>
 *         <execution>
 *           <goals>
 *             <goal>transform</goal>
 *             <goal>transform-test</goal>
 *           </goals>
 *         </execution>
 *       </executions>
 *     </plugin>
 *   </plugins>
 * </build>
 * }</pre>
 *
 * <p>Every rejected method is reported in javac's form against its source file, then the build fails once:
 *
 * <pre>
 * [ERROR] src/main/java/shop/Cart.java:42: error: await inside synchronized block in Cart.total()
 *   A monitor cannot be held across a suspension.
 *   Fix: move the await out of the block, or guard with AsyncLock.
 * [ERROR] Failed to execute goal dev.weft:weft-maven-plugin:...:transform: weft: 1 method rejected; see errors above
 * </pre>
 *
 * <p>When anything is rejected, no class is written. An unchanged rebuild does no work (a stamp in
 * {@code target/maven-status/weft/}), and transformed classes carry a marker, so running the goal twice, or the
 * plugin and the agent together, never rewrites a class twice. {@code -Dweft.skip} skips both goals.
 */
package dev.weft.maven;

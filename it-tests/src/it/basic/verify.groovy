// Post-build check of the `basic` scenario. Script variables from it-tests' pom: weftJavaHome (the JDK this
// run used), weftJavaFeature (its feature version), weftVersion; from the invoker: basedir,
// localRepositoryPath.
import java.util.concurrent.TimeUnit

// A failed check names what is missing, without dumping the whole log (the invoker shows it on failure).
def check = { ok, what -> if (!ok) { throw new AssertionError(what.toString()) } }

File log = new File(basedir, 'build.log')
check(log.isFile(), "no build.log in ${basedir}")
String text = log.getText('UTF-8')

// It really ran on the JDK it was meant for (the invoker's -V banner), never silently on another one.
check(text =~ /(?m)^Java version: ${weftJavaFeature}[.+\s,]/, "the build did not run on Java ${weftJavaFeature}")

// Both weft goals ran (Maven 3.8 prints the plugin's artifactId, 3.9 its prefix).
check(text =~ /--- (weft-maven-plugin|weft):[^:]+:transform \(/, 'the transform goal did not run')
check(text =~ /--- (weft-maven-plugin|weft):[^:]+:transform-test \(/, 'the transform-test goal did not run')

// The project's own JUnit tests ran and passed: program vs synchronous twin, suspensions > 0.
check(text =~ /(?m)^\[INFO\] Tests run: 2, Failures: 0, Errors: 0, Skipped: 0\s*$/,
        "the project's 2 tests did not all run and pass")
check(text.contains('BUILD SUCCESS'), 'no BUILD SUCCESS')

File target = new File(basedir, 'target')
String twin = new File(target, 'twin-output.txt').getText('UTF-8')
String program = new File(target, 'program-output.txt').getText('UTF-8')
check(twin.readLines().size() > 15 && twin.readLines().last() == 'end', "twin output too short:\n${twin}")
check(program == twin, "program output differs from the twin's:\n${program}")

// The packaged jar holds the rewritten classes: a plain JVM (no agent) runs it to the same output.
File jar = new File(target, 'basic.jar')
File runtimeJar = new File(localRepositoryPath,
        "dev/weft/weft-runtime/${weftVersion}/weft-runtime-${weftVersion}.jar")
check(jar.isFile(), "missing ${jar}")
check(runtimeJar.isFile(), "missing ${runtimeJar}")
File out = new File(target, 'jar-run.out')
File err = new File(target, 'jar-run.err')
Process process = new ProcessBuilder(new File(weftJavaHome, 'bin/java').path,
        '-cp', jar.path + File.pathSeparator + runtimeJar.path, 'dev.weft.it.basic.BasicProgram')
        .redirectOutput(out).redirectError(err).start()
check(process.waitFor(120, TimeUnit.SECONDS), 'the packaged program did not finish within 120 s')
check(process.exitValue() == 0, "the packaged program failed:\n${err.getText('UTF-8')}")
check(out.getText('UTF-8') == twin, "the packaged program printed:\n${out.getText('UTF-8')}")
return true

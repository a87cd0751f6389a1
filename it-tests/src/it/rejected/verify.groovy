// Post-build check of the `rejected` scenario (invoker.buildResult = failure). Script variables from it-tests'
// pom: weftJavaFeature (the Java feature version this run used); from the invoker: basedir.

// A failed check names what is missing, without dumping the whole log (the invoker shows it on failure).
def check = { ok, what -> if (!ok) { throw new AssertionError(what.toString()) } }

File log = new File(basedir, 'build.log')
check(log.isFile(), "no build.log in ${basedir}")
String text = log.getText('UTF-8')

check(text =~ /(?m)^Java version: ${weftJavaFeature}[.+\s,]/, "the build did not run on Java ${weftJavaFeature}")
check(text.contains('BUILD FAILURE'), 'no BUILD FAILURE')
// The build failed in the weft plugin, not earlier (a compile error would fail it too).
check(!text.contains('COMPILATION ERROR'), 'the sources did not even compile')
check(text =~ /--- (weft-maven-plugin|weft):[^:]+:transform \(/, 'the transform goal did not run')

// Every await marked REJECTED is reported at its file and line, in javac's form, with a Fix: line after.
List<String> lines = text.readLines()
int expected = 0
new File(basedir, 'src/main/java').eachFileRecurse { File source ->
    if (!source.name.endsWith('.java')) {
        return
    }
    String relative = basedir.toPath().relativize(source.toPath()).toString().replace(File.separatorChar, '/' as char)
    source.readLines('UTF-8').eachWithIndex { String line, int index ->
        if (!line.contains('// REJECTED: await inside synchronized')) {
            return
        }
        expected++
        String where = "${relative}:${index + 1}: error: await inside synchronized"
        int at = lines.findIndexOf { it.contains(where) }
        check(at >= 0, "build.log does not report `${where}`")
        check(lines.drop(at + 1).take(10).any { it =~ /^(\[ERROR\]\s*)?\s*Fix: \S/ }, "no `Fix:` line after `${where}`")
    }
}
check(expected == 2, "expected two REJECTED markers in the sources, found ${expected}")

// The accepted method is not reported.
check(!(text =~ /Fine\.java:\d+: error:/), 'Fine.java was reported')
return true

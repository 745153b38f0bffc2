package org.asynchat.bench;

import org.asynchat.framing.DelimiterScanner;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Taken by the benchmarks that claim to measure the vector path: they run in a fork started
 * with {@code --add-modules jdk.incubator.vector}, and this state refuses to start when the
 * scanner did not pick the vector path there, so that a number can never be mislabelled.
 */
@State(Scope.Benchmark)
public class VectorPath {

    /** The JVM flag that selects the vector path, as the benchmarks' {@code @Fork} passes it. */
    public static final String FLAG = "--add-modules=jdk.incubator.vector";

    /** Fails unless the scanner uses the vector path in this JVM. */
    @Setup
    public void check() {
        String path = DelimiterScanner.searchPath();
        if (!path.startsWith("vector")) {
            throw new IllegalStateException("this benchmark measures the vector path, but the scanner uses: " + path
                    + " (pass " + FLAG + "; a -jvmArgsAppend on the command line replaces the benchmark's own)");
        }
    }
}

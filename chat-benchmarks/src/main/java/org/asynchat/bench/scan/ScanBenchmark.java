package org.asynchat.bench.scan;

import java.util.concurrent.TimeUnit;

import org.asynchat.bench.Throughput;
import org.asynchat.bench.VectorPath;
import org.asynchat.bench.data.Delimiter;
import org.asynchat.bench.data.Shape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every scanner benchmark shares: one operation finds every delimiter in one buffer,
 * left to right, the way a framer does; the primary score is buffers per second and the
 * {@code bytes} counter is bytes per second. The contenders common to every delimiter length
 * are here; the subclasses add the delimiter-specific Netty baselines.
 *
 * <p>{@code asynchat} runs in a JVM without flags (the default path: SWAR);
 * {@code asynchatVector} in one started with {@code --add-modules jdk.incubator.vector}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class ScanBenchmark {

    /** Buffer length in bytes. */
    @Param({"4096", "65536", "1048576"})
    public int size;

    /** {@code heap}: a heap buffer; {@code direct}: a read-only view of a direct buffer. */
    @Param({ScanInput.HEAP, ScanInput.DIRECT})
    public String buffer;

    ScanInput in;

    /** The delimiter this case searches for. */
    protected abstract Delimiter delimiter();

    /** The data this case searches. */
    protected abstract Shape shape();

    /** Builds the data and checks every contender's answer once. */
    @Setup
    public void setUp() {
        in = new ScanInput(delimiter(), shape(), size, buffer);
        in.verify("asynchat", in.asynchat());
        in.verify("naive", in.naive());
        in.verify("ByteBufUtil.indexOf", in.nettyByteBufUtil());
        verifyMore();
    }

    /** Checks the subclass's own contenders; {@code in} is ready. */
    protected void verifyMore() {
    }

    /**
     * Ours, default path (no JVM flags).
     *
     * @param t counters
     * @return the number of delimiters found
     */
    @Benchmark
    public int asynchat(Throughput t) {
        t.bytes += in.size;
        return in.asynchat();
    }

    /**
     * Ours, vector path.
     *
     * @param t counters
     * @param vector checks the path
     * @return the number of delimiters found
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = VectorPath.FLAG)
    public int asynchatVector(Throughput t, VectorPath vector) {
        t.bytes += in.size;
        return in.asynchat();
    }

    /**
     * The naive byte loop.
     *
     * @param t counters
     * @return the number of delimiters found
     */
    @Benchmark
    public int naive(Throughput t) {
        t.bytes += in.size;
        return in.naive();
    }

    /**
     * Netty {@code ByteBufUtil.indexOf(needle, haystack)}, what
     * {@code DelimiterBasedFrameDecoder} uses.
     *
     * @param t counters
     * @return the number of delimiters found
     */
    @Benchmark
    public int nettyByteBufUtil(Throughput t) {
        t.bytes += in.size;
        return in.nettyByteBufUtil();
    }
}

package org.asynchat.bench.scan;

import org.asynchat.bench.Throughput;
import org.asynchat.bench.data.Delimiter;
import org.asynchat.bench.data.Shape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Scanning for {@code "\n"}, with Netty's two single-byte paths: {@code ByteBuf.indexOf}
 * (its fastest) and {@code forEachByte(ByteProcessor.FIND_LF)}.
 */
public class LineScanBenchmark extends ScanBenchmark {

    /** The data. */
    @Param({"DENSE", "TYPICAL", "FREE"})
    public Shape shape;

    @Override
    protected Delimiter delimiter() {
        return Delimiter.LF;
    }

    @Override
    protected Shape shape() {
        return shape;
    }

    @Override
    protected void verifyMore() {
        in.verify("ByteBuf.indexOf", in.nettyIndexOf());
        in.verify("ByteBuf.forEachByte", in.nettyForEachByte());
    }

    /**
     * Netty {@code ByteBuf.indexOf(from, to, '\n')}.
     *
     * @param t counters
     * @return the number of delimiters found
     */
    @Benchmark
    public int nettyIndexOf(Throughput t) {
        t.bytes += in.size;
        return in.nettyIndexOf();
    }

    /**
     * Netty {@code ByteBuf.forEachByte(ByteProcessor.FIND_LF)}.
     *
     * @param t counters
     * @return the number of delimiters found
     */
    @Benchmark
    public int nettyForEachByte(Throughput t) {
        t.bytes += in.size;
        return in.nettyForEachByte();
    }
}

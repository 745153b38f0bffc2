package org.asynchat.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secondary JMH results in the units people quote: {@code bytes} (bytes per second, shown by
 * JMH as "ops/s" next to the metric name) and {@code frames} (frames per second). A
 * benchmark adds what one invocation processed.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Throughput {
    /** Bytes processed in this iteration. */
    public long bytes;
    /** Frames (records) delivered in this iteration. */
    public long frames;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
        frames = 0;
    }
}

package org.asynchat.examples.fuzz;

import java.time.Duration;
import java.util.Arrays;

/**
 * How much to fuzz, read from system properties (Maven passes {@code -D} flags on to the test
 * JVM):
 * <ul>
 * <li>{@code fuzz.seed}: the seed, decimal; unset means {@link System#nanoTime()}. Every case
 * is derived from the seed and its number alone, so a seed replays the same cases on any
 * machine, whatever the thread timing.
 * <li>{@code fuzz.cases}: the most cases per run (default {@value #DEFAULT_CASES}).
 * <li>{@code fuzz.seconds}: the most seconds of fuzzing per run (default
 * {@value #DEFAULT_SECONDS}); with five examples on two backends, the fuzz tests together take
 * under a minute.
 * <li>{@code fuzz.case}: run only this case number: replays one failure.
 * <li>{@code fuzz.clients}: hostile connections at a time (default {@value #DEFAULT_CLIENTS}).
 * <li>{@code fuzz.threads}: event loops of the servers under test (their {@code --threads};
 * default 1).
 * </ul>
 *
 * @param seed the seed of every case
 * @param cases the most cases
 * @param duration the most time spent sending cases
 * @param onlyCase the one case number to run, or -1 for all
 * @param clients how many hostile clients run at a time
 */
record FuzzSettings(long seed, int cases, Duration duration, int onlyCase, int clients) {

    static final int DEFAULT_CASES = 5000;
    static final int DEFAULT_SECONDS = 3;
    static final int DEFAULT_CLIENTS = 4;

    /**
     * Reads the settings; a fresh seed unless {@code fuzz.seed} is set.
     *
     * @return the settings
     */
    static FuzzSettings fromSystemProperties() {
        Long seed = Long.getLong("fuzz.seed");
        int only = Integer.getInteger("fuzz.case", -1);
        return new FuzzSettings(seed != null ? seed : System.nanoTime(),
                only >= 0 ? 1 : Integer.getInteger("fuzz.cases", DEFAULT_CASES),
                Duration.ofSeconds(Integer.getInteger("fuzz.seconds", DEFAULT_SECONDS)), only,
                Math.max(1, Integer.getInteger("fuzz.clients", DEFAULT_CLIENTS)));
    }

    /**
     * Adds the servers' {@code --threads} flag, when {@code fuzz.threads} asks for more than one
     * loop, to an example's flags.
     *
     * @param flags the example's own flags
     * @return the flags to start it with
     */
    static String[] serverFlags(String... flags) {
        int threads = Integer.getInteger("fuzz.threads", 1);
        if (threads <= 1) {
            return flags;
        }
        String[] all = Arrays.copyOf(flags, flags.length + 2);
        all[flags.length] = "--threads";
        all[flags.length + 1] = String.valueOf(threads);
        return all;
    }

    /** The flags that replay this run, for messages. */
    String rerun() {
        return "-Dfuzz.seed=" + seed;
    }

    /** The number of the {@code i}-th case to run. */
    int caseNumber(int i) {
        return onlyCase >= 0 ? onlyCase : i;
    }
}

package org.asynchat.examples.fuzz;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Samples, on a thread of its own, how many files are open under some directories, and keeps
 * the most seen: what one hostile client can make the server hold (served files, spool
 * drafts), whatever the machine's limit on descriptors.
 */
final class OpenFileSampler implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 20;

    private final List<Path> directories;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile int peak;

    OpenFileSampler(List<Path> directories) {
        this.directories = List.copyOf(directories);
        this.thread = new Thread(this::sample, "fuzz-file-sampler");
        thread.setDaemon(true);
        if (!directories.isEmpty() && OpenDescriptors.available()) {
            thread.start();
        }
    }

    private void sample() {
        while (!stopping) {
            try {
                int open = 0;
                for (Path dir : directories) {
                    open += OpenDescriptors.filesUnder(dir).size();
                }
                peak = Math.max(peak, open);
            } catch (UncheckedIOException noDescriptorLeft) {
                // the process is out of descriptors: the run's checks report what that broke
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The most files seen open at once so far. */
    int peak() {
        return peak;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(5000);
    }
}

package org.asynchat.examples;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into a clean stop. With a signal handler (not a shutdown hook) the
 * main thread finishes normally, closes every channel and exits with status 0; where the JVM
 * offers no signal API, a shutdown hook stops the loop instead.
 */
final class Shutdown {
    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private Shutdown() {
    }

    static void onSignal(Runnable stop) {
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    LOG.info("SIG{} received, stopping", signal.getName());
                    stop.run();
                });
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.debug("no signal API ({}); using a shutdown hook", e.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "asynchat-shutdown"));
        }
    }
}

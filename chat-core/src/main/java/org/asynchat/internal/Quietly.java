package org.asynchat.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing what is being dropped anyway (a socket after a failure, a producer nobody will
 * pull, a connection no loop will adopt): a failure to close has nothing more to say to the
 * channel, so it is logged at DEBUG and never thrown.
 */
public final class Quietly {

    private static final Logger LOG = LoggerFactory.getLogger(Quietly.class);

    private Quietly() {
    }

    /**
     * Closes {@code o} if it is {@link AutoCloseable}; does nothing otherwise.
     *
     * @param o a socket handle, a producer, or anything else
     */
    public static void close(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing {} failed; it was being dropped anyway", o, e);
            }
        }
    }
}

package org.asynchat.spi;

import java.util.Objects;

/**
 * Whether a backend can be used here, and if not, why not in words a user can act on.
 *
 * @param available true if the backend can be used
 * @param reason why it cannot be used, or {@code "available"}
 */
public record Availability(boolean available, String reason) {

    private static final Availability AVAILABLE = new Availability(true, "available");

    /**
     * Checks the reason is given.
     *
     * @param available true if the backend can be used
     * @param reason why it cannot be used
     */
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns the answer for a usable backend.
     *
     * @return the availability of a usable backend
     */
    public static Availability yes() {
        return AVAILABLE;
    }

    /**
     * Returns the answer for an unusable backend.
     *
     * @param reason why, for example {@code "not Linux (os.name is Mac OS X)"}
     * @return the availability of an unusable backend
     */
    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}

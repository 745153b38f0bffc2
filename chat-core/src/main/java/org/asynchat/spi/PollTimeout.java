package org.asynchat.spi;

/**
 * Converts the event loop's poll timeout, in nanoseconds, to the milliseconds that
 * {@code epoll_wait} and {@code Selector.select} take, the same way in every backend.
 */
public final class PollTimeout {

    private PollTimeout() {
    }

    /**
     * Converts a timeout for {@link Poller#poll}: negative stays "no limit" (-1), 0 stays "do
     * not wait", and anything else rounds up, so that a timer due in less than a millisecond
     * does not become a poll that returns at once and spins until the timer is due.
     *
     * @param timeoutNanos the timeout given to {@code poll}
     * @return -1, 0, or the milliseconds rounded up, at most {@link Integer#MAX_VALUE}
     */
    public static int toMillis(long timeoutNanos) {
        if (timeoutNanos < 0) {
            return -1;
        }
        if (timeoutNanos == 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (timeoutNanos - 1) / 1_000_000 + 1);
    }
}

package org.asynchat.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one nanos-to-millis conversion both backends' pollers use. */
class PollTimeoutTest {

    @Test
    void noLimitAndNoWaitKeepTheirMeaning() {
        assertEquals(-1, PollTimeout.toMillis(-1));
        assertEquals(-1, PollTimeout.toMillis(Long.MIN_VALUE));
        assertEquals(0, PollTimeout.toMillis(0));
    }

    @Test
    void anyWaitRoundsUpSoThatASubMillisecondTimerIsNoBusyPoll() {
        assertEquals(1, PollTimeout.toMillis(1));
        assertEquals(1, PollTimeout.toMillis(999_999));
        assertEquals(1, PollTimeout.toMillis(1_000_000));
        assertEquals(2, PollTimeout.toMillis(1_000_001));
        assertEquals(1500, PollTimeout.toMillis(1_500_000_000L));
    }

    @Test
    void aVeryLongWaitIsCappedAtWhatTheSystemCallsTake() {
        assertEquals(Integer.MAX_VALUE, PollTimeout.toMillis(Long.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, PollTimeout.toMillis((Integer.MAX_VALUE + 1L) * 1_000_000));
    }
}

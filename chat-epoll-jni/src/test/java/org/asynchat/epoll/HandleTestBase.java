package org.asynchat.epoll;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests of handles and pollers below the event loop: a fresh {@link HandleFixture} per test. */
abstract class HandleTestBase {

    /** The poller and peers of the running test; closed after it. */
    HandleFixture fixture;

    @BeforeEach
    final void openFixture() throws IOException {
        fixture = new HandleFixture();
    }

    @AfterEach
    final void closeFixture() throws Exception {
        if (fixture != null) { // null when the test was skipped
            fixture.close();
        }
    }
}

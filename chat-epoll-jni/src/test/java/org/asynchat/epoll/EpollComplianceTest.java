package org.asynchat.epoll;

import org.asynchat.compliance.BackendCompliance;
import org.asynchat.spi.Backend;

/**
 * The whole compliance suite on the epoll backend. Where the native library was not built,
 * every case skips saying why; where it was, a library that does not load fails every case.
 */
class EpollComplianceTest extends BackendCompliance {
    @Override
    protected Backend backend() {
        return NativeTestSupport.epoll();
    }
}

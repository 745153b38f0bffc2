package org.asynchat.nio;

import org.asynchat.compliance.BackendCompliance;
import org.asynchat.spi.Backend;

/** The whole compliance suite on the java.nio backend. */
class NioComplianceTest extends BackendCompliance {
    @Override
    protected Backend backend() {
        return new NioBackend();
    }
}

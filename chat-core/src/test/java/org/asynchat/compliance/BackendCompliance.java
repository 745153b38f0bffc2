package org.asynchat.compliance;

import org.asynchat.spi.Backend;
import org.junit.jupiter.api.Nested;

/**
 * The compliance suite every backend passes: asynchat's and asyncore's behaviour, and what
 * this framework adds, over real sockets. A backend module runs it with one subclass:
 *
 * <pre>{@code
 * class NioComplianceTest extends BackendCompliance {
 *     protected Backend backend() { return new NioBackend(); }
 * }
 * }</pre>
 *
 * Each group of cases is a nested class bound to the subclass's backend, so adding a group
 * here adds it to every backend at once.
 */
public abstract class BackendCompliance {

    /**
     * Returns the backend under test.
     *
     * @return a new instance of the backend
     */
    protected abstract Backend backend();

    @Nested
    class Asynchat extends AsynchatCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class Asyncore extends AsyncoreCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class Channel extends ChannelCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class Output extends OutputCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class Loop extends LoopCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class Robustness extends RobustnessCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class Group extends GroupCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class AcceptExhaustion extends AcceptExhaustionCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class Load extends LoadCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class ErrorLog extends ErrorLogCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class WriteOnlyClient extends WriteOnlyClientCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class HalfClose extends HalfCloseCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }

    @Nested
    class CountDown extends CountDownCases {
        @Override
        protected Backend backend() {
            return BackendCompliance.this.backend();
        }
    }
}

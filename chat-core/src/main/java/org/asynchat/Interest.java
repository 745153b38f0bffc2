package org.asynchat;

import java.io.IOException;
import java.lang.reflect.Method;

import org.asynchat.spi.Poller;

/**
 * What a channel wants from the poller, and telling the poller: run when the turn settles the
 * channel, so that many changes in one turn cost one system call at most. Also the probe for
 * classes that override {@code readable()} or {@code writable()}: their answer can change
 * without the channel saying so, so the loop settles them every turn, as asyncore asks every
 * channel; every other channel is settled only when something changed (O(active)).
 */
final class Interest {

    private static final ClassValue<Boolean> OVERRIDES_INTEREST = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return isUserDeclared(type.getMethod("readable")) || isUserDeclared(type.getMethod("writable"));
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }

        private boolean isUserDeclared(Method m) {
            Class<?> c = m.getDeclaringClass();
            return c != Dispatcher.class && c != AsyncChat.class;
        }
    };

    private Interest() {
    }

    /** Tells whether the channel's class overrides readable() or writable(): settle it every turn. */
    static boolean askedEveryTurn(Dispatcher d) {
        return OVERRIDES_INTEREST.get(d.getClass());
    }

    /** Registers the channel, or updates its interest if it changed. */
    static void update(Dispatcher d) throws IOException {
        assert d.loop.inEventLoop();
        int want = switch (d.state) {
            case ChannelEvents.LISTENING -> !d.acceptor.isPaused() && d.readable() ? Poller.READ : 0;
            case ChannelEvents.CONNECTING -> Poller.WRITE;
            case ChannelEvents.CONNECTED -> (!d.inputEnded && !d.readPaused && d.readable() ? Poller.READ : 0)
                    | (d.writable() ? Poller.WRITE : 0);
            default -> 0;
        };
        if (d.interest < 0) {
            d.loop.poller().register(d.handle, want, d);
            d.interest = want;
        } else if (want != d.interest) {
            d.handle.interest(want);
            d.interest = want;
        }
    }
}

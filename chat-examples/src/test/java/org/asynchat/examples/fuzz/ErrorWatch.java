package org.asynchat.examples.fuzz;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

/**
 * Records every ERROR-level log event of the process, and every exception that kills a thread,
 * while it is installed: the evidence that an exception escaped to the loop.
 *
 * <p>An exception thrown by a channel's callback reaches its {@code handleError}; the core's
 * default logs it at ERROR ("uncaught exception, closing the channel") and examples that
 * override it log unexpected ones at ERROR too ({@code HttpChannel}). What a peer may cause
 * ({@code ChannelException}: frame too long, output overflow, timeout) is logged at WARN. So
 * zero ERROR events while hostile clients run means that nothing they sent reached a bug.
 * Watching the log, rather than a hook in {@code Dispatcher.handleError}, also sees channels
 * that override {@code handleError}, and the examples' own ERROR logs.
 *
 * <p>The examples log through logback (their slf4j binding); this appender is added to the
 * root logger. If the binding ever changes, installing fails loudly rather than watching
 * nothing.
 */
final class ErrorWatch extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** One recorded event: its text, with the stack trace when there is one. */
    record Event(String thread, String text) {
        @Override
        public String toString() {
            return "[" + thread + "] " + text;
        }
    }

    private final List<Event> errors = new CopyOnWriteArrayList<>();
    private final AtomicLong warnings = new AtomicLong();
    private final Logger root;
    private final Thread.UncaughtExceptionHandler previousHandler;

    private ErrorWatch(LoggerContext context) {
        this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        setContext(context);
        setName("fuzz-error-watch");
        this.previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    }

    /**
     * Starts recording.
     *
     * @return the watch; close it to stop
     * @throws IllegalStateException if the log is not logback, or ERROR events are switched off
     */
    static ErrorWatch install() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            throw new IllegalStateException("the fuzz tests watch ERROR events through logback, but slf4j is bound to "
                    + factory.getClass().getName() + "; keep logback-classic on the chat-examples test class path");
        }
        ErrorWatch watch = new ErrorWatch(context);
        if (!watch.root.isErrorEnabled()) {
            throw new IllegalStateException("ERROR logging is off (root level " + watch.root.getLevel()
                    + "), so escaped exceptions would go unseen; do not set -Dasynchat.log.level=OFF for the fuzz"
                    + " tests");
        }
        watch.start();
        watch.root.addAppender(watch);
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> watch.errors.add(
                new Event(thread.getName(), "thread died: " + stackTrace(error))));
        return watch;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            String text = event.getLoggerName() + " - " + event.getFormattedMessage();
            if (event.getThrowableProxy() != null) {
                text += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
            }
            errors.add(new Event(event.getThreadName(), text));
        } else if (event.getLevel() == Level.WARN) {
            warnings.incrementAndGet();
        }
    }

    static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /**
     * Returns the ERROR events (and thread deaths) recorded so far.
     *
     * @return the events, oldest first
     */
    List<Event> errors() {
        return List.copyOf(errors);
    }

    /**
     * Returns how many WARN events were seen: peers that hit a limit, for the summary.
     *
     * @return the count
     */
    long warnings() {
        return warnings.get();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }
}

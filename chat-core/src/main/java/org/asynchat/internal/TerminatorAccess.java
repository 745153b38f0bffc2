package org.asynchat.internal;

import java.util.Objects;

/**
 * How the {@code framing} package sets a {@code Terminator} on a {@link Framer} without
 * {@code Terminator} making its compiled search public: the JDK's {@code SharedSecrets}, in
 * small. {@code org.asynchat.Terminator} registers the rule when its class initialises, which
 * has happened before anyone holds a terminator to pass here.
 *
 * <p>The types are {@code Object} because this package sits below {@code org.asynchat} and
 * must not name its types (that would make the packages a cycle).
 */
public final class TerminatorAccess {

    /** Applies a terminator to a framer: {@code Terminator}'s side of the bargain. */
    @FunctionalInterface
    public interface Rule {
        /**
         * Sets the framer to frame by the terminator.
         *
         * @param terminator an {@code org.asynchat.Terminator}
         * @param framer the framer
         */
        void apply(Object terminator, Framer framer);
    }

    private static Rule rule;

    private TerminatorAccess() {
    }

    /**
     * Registers the rule; called once, by {@code Terminator}'s class initialiser.
     *
     * @param terminators the rule
     */
    public static void register(Rule terminators) {
        if (rule != null) {
            throw new IllegalStateException("the terminator rule is registered already");
        }
        rule = Objects.requireNonNull(terminators, "terminators");
    }

    /**
     * Sets the framer to frame by the terminator.
     *
     * @param terminator an {@code org.asynchat.Terminator}, not null
     * @param framer the framer
     */
    public static void apply(Object terminator, Framer framer) {
        rule.apply(terminator, framer);
    }
}

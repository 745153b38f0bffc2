package org.asynchat.examples.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The argument of {@code MAIL FROM:} or {@code RCPT TO:}: a path in angle brackets (or, as
 * many clients send it, a bare address) and then {@code KEYWORD[=value]} parameters
 * (RFC 5321 section 4.1.2, RFC 1869).
 *
 * @param address the mailbox, {@code ""} for the null reverse-path {@code <>}
 * @param parameters the parameters by upper-case keyword; the value is {@code ""} when absent
 */
record MailCommand(String address, Map<String, String> parameters) {

    /**
     * Parses {@code FROM:<a@b> SIZE=10} (or {@code TO:...}).
     *
     * @param keyword {@code "FROM:"} or {@code "TO:"}
     * @param arg the text after the command verb, or null
     * @param allowNull whether {@code <>} is allowed (for the sender only)
     * @return the parsed command, or null if it is not valid
     */
    static MailCommand parse(String keyword, String arg, boolean allowNull) {
        if (arg == null || !arg.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return null;
        }
        String rest = arg.substring(keyword.length()).strip();
        String address;
        boolean angled = rest.startsWith("<");
        if (angled) {
            int close = rest.indexOf('>');
            if (close < 0) {
                return null;
            }
            address = rest.substring(1, close);
            rest = rest.substring(close + 1);
            int colon = address.indexOf(':');
            if (address.startsWith("@") && colon > 0) {
                address = address.substring(colon + 1); // an obsolete source route: @relay,@relay:user@host
            }
        } else {
            int space = rest.indexOf(' ');
            address = space < 0 ? rest : rest.substring(0, space);
            rest = space < 0 ? "" : rest.substring(space);
        }
        if (address.isEmpty() ? !(angled && allowNull) : !isMailbox(address)) {
            return null;
        }
        if (!rest.isEmpty() && !rest.startsWith(" ")) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String param : rest.strip().split(" +")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String key = (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
            if (key.isEmpty() || !key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')
                    || eq == param.length() - 1) {
                return null;
            }
            parameters.put(key, eq < 0 ? "" : param.substring(eq + 1));
        }
        return new MailCommand(address, parameters);
    }

    /** local@domain, or the special recipient "postmaster"; no spaces or control characters. */
    private static boolean isMailbox(String address) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c == 0x7F || c == '<' || c == '>') {
                return false;
            }
        }
        int at = address.lastIndexOf('@');
        return (at > 0 && at < address.length() - 1) || address.equalsIgnoreCase("postmaster");
    }
}

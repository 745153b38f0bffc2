package org.asynchat.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The flags given on the command line, with their defaults applied.
 */
public final class Options {
    private final Map<String, String> values;

    Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Returns a flag's value.
     *
     * @param name the flag without dashes
     * @return the value, or {@code null} if absent and without default
     */
    public String get(String name) {
        return values.get(name);
    }

    /**
     * Tells whether a switch was given.
     *
     * @param name the switch without dashes
     * @return true if it was on the command line
     */
    public boolean flag(String name) {
        return "true".equals(values.get(name));
    }

    /**
     * Returns a flag's value as a path.
     *
     * @param name the flag without dashes
     * @return the path
     */
    public Path path(String name) {
        return Path.of(require(name));
    }

    /**
     * Returns a flag's value as a number of bytes; accepts the suffixes k, m and g (powers of
     * 1024).
     *
     * @param name the flag without dashes
     * @return the number of bytes
     * @throws UsageException if the value is not a size
     */
    public long bytes(String name) {
        String v = require(name).trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("--" + name + " takes a size in bytes such as 1048576, 512k or 10m, not '"
                    + get(name) + "'");
        }
    }

    /**
     * Returns a flag's value as a number of bytes within bounds, for limits kept in an
     * {@code int} (line lengths, buffer sizes).
     *
     * @param name the flag without dashes
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @return the number of bytes
     * @throws UsageException if the value is not a size or is out of bounds
     */
    public int bytes(String name, int min, int max) {
        long n = bytes(name);
        if (n < min || n > max) {
            throw new UsageException("--" + name + " takes a size from " + min + " to " + max + " bytes, not '"
                    + get(name) + "'");
        }
        return (int) n;
    }

    /**
     * Returns a flag's value as a duration: a whole number with the unit {@code ms}, {@code s}
     * or {@code m}; a number alone is seconds.
     *
     * @param name the flag without dashes
     * @return the duration, zero or more
     * @throws UsageException if the value is not a duration
     */
    public Duration duration(String name) {
        String v = require(name).trim().toLowerCase(java.util.Locale.ROOT);
        int digits = 0;
        while (digits < v.length() && Character.isDigit(v.charAt(digits))) {
            digits++;
        }
        String unit = v.substring(digits);
        try {
            long n = Long.parseLong(v.substring(0, digits));
            switch (unit) {
                case "ms":
                    return Duration.ofMillis(n);
                case "", "s":
                    return Duration.ofSeconds(n);
                case "m":
                    return Duration.ofMinutes(n);
                default:
                    throw new NumberFormatException();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("--" + name + " takes a duration such as 500ms, 5s or 2m, not '" + get(name) + "'");
        }
    }

    /**
     * Returns a flag's value as an integer.
     *
     * @param name the flag without dashes
     * @return the integer
     * @throws UsageException if the value is not an integer
     */
    public int integer(String name) {
        try {
            return Integer.parseInt(require(name).trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a whole number, not '" + get(name) + "'");
        }
    }

    private String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }
}

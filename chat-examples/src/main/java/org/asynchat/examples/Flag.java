package org.asynchat.examples;

/**
 * A command-line flag that takes a value.
 *
 * @param name the flag without its dashes, for example {@code "port"}
 * @param value the value's placeholder in the usage text, or {@code null} for a switch that
 *        takes no value (present means on)
 * @param description what it does
 * @param defaultValue the value when absent, or {@code null} if none
 */
public record Flag(String name, String value, String description, String defaultValue) {

    /**
     * A switch: a flag without a value, off unless given.
     *
     * @param name the flag without its dashes
     * @param description what it does
     * @return the flag
     */
    public static Flag toggle(String name, String description) {
        return new Flag(name, null, description, null);
    }

    /**
     * Tells whether this flag is a switch.
     *
     * @return true if it takes no value
     */
    public boolean isToggle() {
        return value == null;
    }
}

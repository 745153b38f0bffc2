package org.asynchat.examples;

/**
 * A command-line flag that takes a value.
 *
 * @param name the flag without its dashes, for example {@code "port"}
 * @param value the value's placeholder in the usage text
 * @param description what it does
 * @param defaultValue the value when absent, or {@code null} if none
 */
public record Flag(String name, String value, String description, String defaultValue) {
}

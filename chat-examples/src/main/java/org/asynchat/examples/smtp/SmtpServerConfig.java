package org.asynchat.examples.smtp;

/**
 * What every session of one server shares.
 *
 * @param spool where accepted messages go
 * @param maxSize the largest message accepted, in bytes (announced as {@code SIZE})
 * @param hostname the name the server gives itself in replies and {@code Received} lines
 * @param maxCommandLine the longest command line, in bytes, not counting its CRLF
 */
record SmtpServerConfig(Spool spool, long maxSize, String hostname, int maxCommandLine) {
}

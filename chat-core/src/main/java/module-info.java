/**
 * asynchat for Java: the public API ({@code org.asynchat}), the framing primitives usable on
 * their own ({@code org.asynchat.framing}) and the backend SPI ({@code org.asynchat.spi}).
 * Backends are found with {@link java.util.ServiceLoader}.
 */
module org.asynchat {
    requires org.slf4j;
    // Optional: read only when the JVM was started with --add-modules jdk.incubator.vector,
    // which selects the vector delimiter search (org.asynchat.internal.Vectorization).
    requires static jdk.incubator.vector;

    exports org.asynchat;
    exports org.asynchat.framing;
    exports org.asynchat.spi;

    uses org.asynchat.spi.Backend;
}

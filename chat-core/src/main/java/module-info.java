/**
 * asynchat for Java: the public API ({@code org.asynchat}), the framing primitives usable on
 * their own ({@code org.asynchat.framing}) and the backend SPI ({@code org.asynchat.spi}).
 * Backends are found with {@link java.util.ServiceLoader}.
 */
module org.asynchat {
    requires org.slf4j;

    exports org.asynchat;
    exports org.asynchat.framing;
    exports org.asynchat.spi;

    uses org.asynchat.spi.Backend;
}

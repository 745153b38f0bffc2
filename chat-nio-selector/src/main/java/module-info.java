/**
 * The java.nio backend of asynchat: portable, found by {@link java.util.ServiceLoader} under
 * the name {@code nio}.
 */
module org.asynchat.nio {
    requires org.asynchat;

    provides org.asynchat.spi.Backend with org.asynchat.nio.NioBackend;
}

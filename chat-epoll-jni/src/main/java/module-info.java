/**
 * The Linux epoll backend of asynchat, over JNI: found by {@link java.util.ServiceLoader}
 * under the name {@code epoll}, preferred over {@code nio} where its native library loads.
 */
module org.asynchat.epoll {
    requires org.asynchat;
    requires org.slf4j;

    provides org.asynchat.spi.Backend with org.asynchat.epoll.EpollBackend;
}

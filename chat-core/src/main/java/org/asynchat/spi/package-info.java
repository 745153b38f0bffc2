/**
 * The backend SPI: what an I/O engine implements so that the event loop in {@code chat-core}
 * can drive it. A backend is a {@link org.asynchat.spi.Backend} (found with
 * {@link java.util.ServiceLoader}), a {@link org.asynchat.spi.Poller} per event loop, and
 * {@link org.asynchat.spi.ListenerHandle listener} and {@link org.asynchat.spi.SocketHandle
 * socket} handles. Backends hold no protocol logic and never call user code.
 */
package org.asynchat.spi;

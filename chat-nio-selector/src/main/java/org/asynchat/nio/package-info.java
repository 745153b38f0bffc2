/**
 * The portable backend: a {@link java.nio.channels.Selector} per event loop, selected with
 * {@code select(Consumer)} so that polling allocates no key set iterators, gathering writes
 * through {@link java.nio.channels.SocketChannel#write(java.nio.ByteBuffer[], int, int)}, and
 * file producers through {@link java.nio.channels.FileChannel#transferTo}, which is
 * {@code sendfile} on Linux.
 */
package org.asynchat.nio;

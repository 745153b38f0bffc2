/**
 * The Linux backend of asynchat: {@code epoll}, {@code eventfd}, {@code accept4},
 * {@code writev} and {@code sendfile} called through a small JNI library, found by
 * {@link java.util.ServiceLoader} under the name {@code epoll} and preferred over {@code nio}
 * where it loads.
 *
 * <h2>Level-triggered, on purpose</h2>
 * The poller registers sockets level-triggered: a socket with unread input, or room for
 * output, is reported by every poll until that changes. The event loop of {@code chat-core}
 * reads once per readiness report (at most the channel's in-buffer size) and writes until the
 * socket is full or the channel's fairness budget is spent, so a busy peer gets one read per
 * turn and every other ready socket gets its turn in between; level-triggered reporting is
 * what brings the busy one back next turn. Edge-triggered registration would save no system
 * call here: interest changes only when output starts or stops queuing, not per message, so
 * there is no {@code epoll_ctl} per event to save. It would add one: a socket must then be
 * drained until {@code read} says {@code EAGAIN}, an extra system call per readiness report
 * in a request/response protocol where one read takes the whole request, and the core would
 * have to remember which sockets it left undrained when a fairness budget ran out.
 *
 * <p>What epoll over JNI buys is a shorter path around each system call, not fewer calls:
 * no locks, no interruptible-I/O bookkeeping, no key objects, no allocation. Measured through
 * the SPI ({@code bench/BackendOverhead.java}) that is some tens to about a hundred
 * nanoseconds less per read or write and about 5 % less per polled event than java.nio, with
 * no heap allocation at all. In an echo server over loopback the kernel's TCP work is over
 * 90 % of the server's CPU time with either backend and both make the same system calls, so
 * end to end the two are within a few percent; the module's closing note has the figures.
 *
 * <h2>What happens where</h2>
 * Policy is in Java and mechanism in C ({@code src/main/c/asynchat_epoll.c}), as in the JDK's
 * own epoll selector: natives return {@code -errno}, {@code EAGAIN} and {@code EINTR} become
 * "nothing now", other errors become exceptions naming the call ({@code "read: Connection
 * reset by peer"}, a {@link org.asynchat.ConnectionResetException}; {@code EMFILE} on accept
 * is a {@link org.asynchat.spi.ResourceExhaustedException}, on which the loop backs off).
 * Nothing is allocated per event or per read or write: events are read from a direct buffer,
 * and I/O goes to and from the memory of direct buffers, whose addresses are cached per
 * poller.
 *
 * <h2>Loading</h2>
 * The library {@code libasynchat-epoll.so} is taken from {@code java.library.path} if it is
 * there, else from this jar ({@code META-INF/native/linux-x86_64/}), extracted to a private
 * temporary file that is deleted once loaded. Java and C agree on an ABI version; a library
 * from another build is refused with both versions in the reason. Where the backend cannot
 * run (not Linux, another architecture, no library, ABI mismatch), {@code availability()}
 * gives the reason and discovery falls back to {@code nio}.
 */
package org.asynchat.epoll;

/*
 * The system calls behind org.asynchat.epoll.Native and NativeLibrary: mechanism only, the
 * policy (retries, timeouts, which errno means what) lives in Java, as in the JDK's EPoll.c.
 *
 * Conventions of this file:
 *  - Every call returns its result, or -errno when it fails. Nothing here throws a Java
 *    exception: a pending exception from a JNI lookup is cleared and reported as a value.
 *  - Memory arrives as jlong addresses of direct buffers that the Java side owns and keeps
 *    reachable for the duration of the call. No Java object is created on the hot path;
 *    only strerror0 (the error path) returns a new String.
 *  - EINTR is returned like any other errno and Java decides: polls and I/O treat it as
 *    "nothing happened yet" (level-triggered epoll reports the descriptor again). close() is
 *    never retried: Linux releases the descriptor even when close() reports EINTR.
 *  - Every descriptor is created non-blocking and close-on-exec in the same system call.
 *  - Writes use send/sendmsg with MSG_NOSIGNAL, so a peer that went away is EPIPE and never
 *    SIGPIPE, whatever signal disposition the process has.
 *  - Prototypes come from the headers javac -h writes into target/native/include; a
 *    definition that disagrees with its Java declaration does not compile.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jni.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <limits.h>
#include <unistd.h>

#include "org_asynchat_epoll_Native.h"
#include "org_asynchat_epoll_NativeLibrary.h"

/* The ABI version is the Java constant NativeLibrary.ABI_VERSION, which javac -h copies into
 * the header. Only the library built for the ABI-mismatch test overrides it. */
#ifdef ASYNCHAT_TEST_ABI_VERSION
#define ABI_VERSION ASYNCHAT_TEST_ABI_VERSION
#else
#define ABI_VERSION org_asynchat_epoll_NativeLibrary_ABI_VERSION
#endif

#define UNUSED(x) (void) (x)
#define ADDRESS(a) ((void *) (intptr_t) (a))
/* Largest count one sendfile() call takes on Linux; larger ones are truncated anyway. */
#define SENDFILE_MAX 0x7ffff000L
/* Layout of the address array sockName0 fills: 16 address bytes, then port and scope id. */
#define NAME_PORT_AT 16
#define NAME_SCOPE_AT 20
#define NAME_LENGTH 24

/* sun.nio.ch.FileChannelImpl.fd and java.io.FileDescriptor.fd, looked up once; NULL when this
 * JDK lays them out differently, and Java then copies files through a buffer instead. JNI
 * field access is not subject to module encapsulation, so no --add-opens is needed. */
static jclass file_channel_impl;
static jfieldID file_channel_fd;
static jfieldID file_descriptor_fd;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    UNUSED(reserved);
    JNIEnv *env;
    if ((*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_1_8) != JNI_OK) {
        return JNI_ERR;
    }
    jclass channel = (*env)->FindClass(env, "sun/nio/ch/FileChannelImpl");
    jclass descriptor = channel == NULL ? NULL : (*env)->FindClass(env, "java/io/FileDescriptor");
    if (descriptor != NULL) {
        file_channel_fd = (*env)->GetFieldID(env, channel, "fd", "Ljava/io/FileDescriptor;");
        file_descriptor_fd = file_channel_fd == NULL ? NULL : (*env)->GetFieldID(env, descriptor, "fd", "I");
        if (file_descriptor_fd != NULL) {
            file_channel_impl = (*env)->NewGlobalRef(env, channel);
        }
    }
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionClear(env); /* no file-descriptor access: Java falls back to copying */
        file_channel_impl = NULL;
    }
    return JNI_VERSION_1_8;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_NativeLibrary_abiVersion0(JNIEnv *env, jclass clazz) {
    UNUSED(env);
    UNUSED(clazz);
    return ABI_VERSION;
}

/* ------------------------------------------------------------------ constants */

#define CONSTANT(method, value)                                                          \
    JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_##method(JNIEnv *env, jclass clazz) { \
        UNUSED(env);                                                                     \
        UNUSED(clazz);                                                                   \
        return (jint) (value);                                                           \
    }

CONSTANT(epollIn0, EPOLLIN)
CONSTANT(epollOut0, EPOLLOUT)
CONSTANT(epollErr0, EPOLLERR)
CONSTANT(epollHup0, EPOLLHUP)
CONSTANT(epollCtlAdd0, EPOLL_CTL_ADD)
CONSTANT(epollCtlMod0, EPOLL_CTL_MOD)
CONSTANT(epollCtlDel0, EPOLL_CTL_DEL)
CONSTANT(epollEventSize0, sizeof(struct epoll_event))
CONSTANT(epollEventEventsOffset0, offsetof(struct epoll_event, events))
CONSTANT(epollEventDataOffset0, offsetof(struct epoll_event, data))
CONSTANT(iovecSize0, sizeof(struct iovec))
CONSTANT(iovecBaseOffset0, offsetof(struct iovec, iov_base))
CONSTANT(iovecLengthOffset0, offsetof(struct iovec, iov_len))
CONSTANT(iovMax0, IOV_MAX)
CONSTANT(somaxconn0, SOMAXCONN)
CONSTANT(solSocket0, SOL_SOCKET)
CONSTANT(ipprotoTcp0, IPPROTO_TCP)
CONSTANT(soReuseAddr0, SO_REUSEADDR)
CONSTANT(soReusePort0, SO_REUSEPORT)
CONSTANT(soKeepAlive0, SO_KEEPALIVE)
CONSTANT(soRcvBuf0, SO_RCVBUF)
CONSTANT(soSndBuf0, SO_SNDBUF)
CONSTANT(tcpNoDelay0, TCP_NODELAY)
CONSTANT(eagain0, EAGAIN)
CONSTANT(eintr0, EINTR)
CONSTANT(einprogress0, EINPROGRESS)
CONSTANT(econnreset0, ECONNRESET)
CONSTANT(epipe0, EPIPE)
CONSTANT(emfile0, EMFILE)
CONSTANT(enfile0, ENFILE)
CONSTANT(enobufs0, ENOBUFS)
CONSTANT(enomem0, ENOMEM)
CONSTANT(econnrefused0, ECONNREFUSED)
CONSTANT(etimedout0, ETIMEDOUT)
CONSTANT(ehostunreach0, EHOSTUNREACH)
CONSTANT(enetunreach0, ENETUNREACH)
CONSTANT(eaddrinuse0, EADDRINUSE)
CONSTANT(eaddrnotavail0, EADDRNOTAVAIL)
CONSTANT(eacces0, EACCES)
CONSTANT(enotconn0, ENOTCONN)

/* ------------------------------------------------------------------ epoll and eventfd */

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_epollCreate0(JNIEnv *env, jclass clazz) {
    UNUSED(env);
    UNUSED(clazz);
    int fd = epoll_create1(EPOLL_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_epollCtl0(JNIEnv *env, jclass clazz, jint epfd, jint op,
                                                              jint fd, jint events, jlong data) {
    UNUSED(env);
    UNUSED(clazz);
    struct epoll_event event = {.events = (uint32_t) events, .data.u64 = (uint64_t) data};
    return epoll_ctl(epfd, op, fd, &event) < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_epollWait0(JNIEnv *env, jclass clazz, jint epfd,
                                                               jlong events, jint maxEvents, jint timeoutMillis) {
    UNUSED(env);
    UNUSED(clazz);
    int n = epoll_wait(epfd, ADDRESS(events), maxEvents, timeoutMillis);
    return n < 0 ? -errno : n;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_eventFd0(JNIEnv *env, jclass clazz) {
    UNUSED(env);
    UNUSED(clazz);
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_eventFdWrite0(JNIEnv *env, jclass clazz, jint fd) {
    UNUSED(env);
    UNUSED(clazz);
    return eventfd_write(fd, 1) < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_eventFdDrain0(JNIEnv *env, jclass clazz, jint fd) {
    UNUSED(env);
    UNUSED(clazz);
    eventfd_t ignored;
    return eventfd_read(fd, &ignored) < 0 ? -errno : 0;
}

/* ------------------------------------------------------------------ sockets */

/* Fills a sockaddr from 4 (IPv4) or 16 (IPv6) address bytes; returns its length, or -errno. */
static int to_sockaddr(JNIEnv *env, jbyteArray address, jint scopeId, jint port, struct sockaddr_storage *out) {
    memset(out, 0, sizeof *out);
    jsize length = (*env)->GetArrayLength(env, address);
    if (length == 4) {
        struct sockaddr_in *in = (struct sockaddr_in *) out;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t) port);
        (*env)->GetByteArrayRegion(env, address, 0, 4, (jbyte *) &in->sin_addr);
        return sizeof *in;
    }
    if (length == 16) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) out;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t) port);
        in6->sin6_scope_id = (uint32_t) scopeId;
        (*env)->GetByteArrayRegion(env, address, 0, 16, (jbyte *) &in6->sin6_addr);
        return sizeof *in6;
    }
    return -EAFNOSUPPORT;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_socket0(JNIEnv *env, jclass clazz, jboolean ipv6) {
    UNUSED(env);
    UNUSED(clazz);
    int fd = socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    return fd < 0 ? -errno : fd;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_bind0(JNIEnv *env, jclass clazz, jint fd, jbyteArray address,
                                                          jint scopeId, jint port) {
    UNUSED(clazz);
    struct sockaddr_storage sa;
    int length = to_sockaddr(env, address, scopeId, port, &sa);
    if (length < 0) {
        return length;
    }
    return bind(fd, (struct sockaddr *) &sa, (socklen_t) length) < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_listen0(JNIEnv *env, jclass clazz, jint fd, jint backlog) {
    UNUSED(env);
    UNUSED(clazz);
    return listen(fd, backlog) < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_accept0(JNIEnv *env, jclass clazz, jint fd) {
    UNUSED(env);
    UNUSED(clazz);
    int accepted = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    return accepted < 0 ? -errno : accepted;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_connect0(JNIEnv *env, jclass clazz, jint fd,
                                                             jbyteArray address, jint scopeId, jint port) {
    UNUSED(clazz);
    struct sockaddr_storage sa;
    int length = to_sockaddr(env, address, scopeId, port, &sa);
    if (length < 0) {
        return length;
    }
    return connect(fd, (struct sockaddr *) &sa, (socklen_t) length) < 0 ? -errno : 0;
}

/* 1 when connected, 0 while in progress, -errno (from SO_ERROR) when the connect failed. The
 * poll() guards against a stale or spurious readiness report: SO_ERROR alone reads 0 while a
 * connect is still in progress. */
JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_finishConnect0(JNIEnv *env, jclass clazz, jint fd) {
    UNUSED(env);
    UNUSED(clazz);
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int ready = poll(&p, 1, 0);
    if (ready <= 0) {
        return ready < 0 ? -errno : 0;
    }
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0) {
        return -errno;
    }
    return error == 0 ? 1 : -error;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_read0(JNIEnv *env, jclass clazz, jint fd, jlong address,
                                                          jint length) {
    UNUSED(env);
    UNUSED(clazz);
    ssize_t n = read(fd, ADDRESS(address), (size_t) length);
    return n < 0 ? -errno : (jint) n;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_write0(JNIEnv *env, jclass clazz, jint fd, jlong address,
                                                           jint length) {
    UNUSED(env);
    UNUSED(clazz);
    ssize_t n = send(fd, ADDRESS(address), (size_t) length, MSG_NOSIGNAL);
    return n < 0 ? -errno : (jint) n;
}

JNIEXPORT jlong JNICALL Java_org_asynchat_epoll_Native_writev0(JNIEnv *env, jclass clazz, jint fd, jlong iov,
                                                             jint count) {
    UNUSED(env);
    UNUSED(clazz);
    struct msghdr message = {.msg_iov = ADDRESS(iov), .msg_iovlen = (size_t) count};
    ssize_t n = sendmsg(fd, &message, MSG_NOSIGNAL);
    return n < 0 ? -errno : (jlong) n;
}

JNIEXPORT jlong JNICALL Java_org_asynchat_epoll_Native_sendfile0(JNIEnv *env, jclass clazz, jint out, jint in,
                                                               jlong position, jlong count) {
    UNUSED(env);
    UNUSED(clazz);
    off_t offset = (off_t) position;
    ssize_t n = sendfile(out, in, &offset, (size_t) (count < SENDFILE_MAX ? count : SENDFILE_MAX));
    return n < 0 ? -errno : (jlong) n;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_shutdownOutput0(JNIEnv *env, jclass clazz, jint fd) {
    UNUSED(env);
    UNUSED(clazz);
    return shutdown(fd, SHUT_WR) < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_close0(JNIEnv *env, jclass clazz, jint fd) {
    UNUSED(env);
    UNUSED(clazz);
    return close(fd) < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_setIntOption0(JNIEnv *env, jclass clazz, jint fd, jint level,
                                                                  jint name, jint value) {
    UNUSED(env);
    UNUSED(clazz);
    int v = value;
    return setsockopt(fd, level, name, &v, sizeof v) < 0 ? -errno : 0;
}

/* The option's value (never negative for the options Java asks for), or -errno. */
JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_getIntOption0(JNIEnv *env, jclass clazz, jint fd, jint level,
                                                                  jint name) {
    UNUSED(env);
    UNUSED(clazz);
    int v = 0;
    socklen_t length = sizeof v;
    if (getsockopt(fd, level, name, &v, &length) < 0) {
        return -errno;
    }
    return v < 0 ? 0 : v;
}

/* seconds < 0 turns lingering off. */
JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_setLinger0(JNIEnv *env, jclass clazz, jint fd, jint seconds) {
    UNUSED(env);
    UNUSED(clazz);
    struct linger l = {.l_onoff = seconds >= 0, .l_linger = seconds >= 0 ? seconds : 0};
    return setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l) < 0 ? -errno : 0;
}

/* The linger time in seconds, INT_MIN when lingering is off, or -errno. */
JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_getLinger0(JNIEnv *env, jclass clazz, jint fd) {
    UNUSED(env);
    UNUSED(clazz);
    struct linger l;
    socklen_t length = sizeof l;
    if (getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &length) < 0) {
        return -errno;
    }
    return l.l_onoff ? l.l_linger : INT_MIN;
}

static void put_int(jbyte *out, int value) {
    out[0] = (jbyte) (value >> 24);
    out[1] = (jbyte) (value >> 16);
    out[2] = (jbyte) (value >> 8);
    out[3] = (jbyte) value;
}

/* Writes the local (or peer) address into out (24 bytes: address, port, scope id, the ints
 * big-endian) and returns the address length, 4 or 16, or -errno. */
JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_sockName0(JNIEnv *env, jclass clazz, jint fd, jboolean peer,
                                                              jbyteArray out) {
    UNUSED(clazz);
    struct sockaddr_storage sa;
    socklen_t length = sizeof sa;
    int r = peer ? getpeername(fd, (struct sockaddr *) &sa, &length)
                 : getsockname(fd, (struct sockaddr *) &sa, &length);
    if (r < 0) {
        return -errno;
    }
    jbyte name[NAME_LENGTH];
    memset(name, 0, sizeof name);
    int address_length;
    if (sa.ss_family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *) &sa;
        memcpy(name, &in->sin_addr, 4);
        put_int(name + NAME_PORT_AT, ntohs(in->sin_port));
        address_length = 4;
    } else if (sa.ss_family == AF_INET6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &sa;
        memcpy(name, &in6->sin6_addr, 16);
        put_int(name + NAME_PORT_AT, ntohs(in6->sin6_port));
        put_int(name + NAME_SCOPE_AT, (int) in6->sin6_scope_id);
        address_length = 16;
    } else {
        return -EAFNOSUPPORT;
    }
    (*env)->SetByteArrayRegion(env, out, 0, NAME_LENGTH, name);
    return address_length;
}

/* ------------------------------------------------------------------ helpers */

JNIEXPORT jstring JNICALL Java_org_asynchat_epoll_Native_strerror0(JNIEnv *env, jclass clazz, jint error) {
    UNUSED(clazz);
    char buffer[256];
    const char *text = strerror_r(error, buffer, sizeof buffer); /* the GNU variant returns the text */
    return (*env)->NewStringUTF(env, text);
}

JNIEXPORT jlong JNICALL Java_org_asynchat_epoll_Native_bufferAddress0(JNIEnv *env, jclass clazz, jobject buffer) {
    UNUSED(clazz);
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, buffer);
}

/* The descriptor of a JDK FileChannel, or -1 if this JDK's FileChannel is not one we can read
 * (another implementation, or fields this library does not know). A closed channel reads -1. */
JNIEXPORT jint JNICALL Java_org_asynchat_epoll_Native_fileDescriptor0(JNIEnv *env, jclass clazz, jobject channel) {
    UNUSED(clazz);
    if (file_channel_impl == NULL || !(*env)->IsInstanceOf(env, channel, file_channel_impl)) {
        return -1;
    }
    jobject descriptor = (*env)->GetObjectField(env, channel, file_channel_fd);
    if (descriptor == NULL) {
        return -1;
    }
    jint fd = (*env)->GetIntField(env, descriptor, file_descriptor_fd);
    (*env)->DeleteLocalRef(env, descriptor);
    return fd;
}

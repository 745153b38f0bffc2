package org.asynchat.epoll;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

/**
 * Converts socket addresses between Java and the byte form the natives take: 4 address bytes
 * for an IPv4 socket, 16 for an IPv6 one (IPv4 addresses as IPv4-mapped {@code ::ffff:a.b.c.d}
 * there), plus port and scope id. Set-up paths only; allocation is fine here.
 */
final class SocketAddresses {

    private SocketAddresses() {
    }

    /** The address bytes for a socket of the given family. */
    static byte[] bytesFor(InetSocketAddress address, boolean ipv6Socket) {
        InetAddress ip = address.getAddress();
        byte[] raw = ip.getAddress();
        if (ipv6Socket && raw.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(raw, 0, mapped, 12, 4);
            return mapped;
        }
        if (!ipv6Socket && raw.length == 16) {
            throw new UnsupportedAddressTypeException();
        }
        return raw;
    }

    static int scopeId(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address v6 ? v6.getScopeId() : 0;
    }

    /** Checks and narrows a caller's address. */
    static InetSocketAddress checked(SocketAddress address) {
        if (!(address instanceof InetSocketAddress isa)) {
            throw new UnsupportedAddressTypeException();
        }
        if (isa.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        return isa;
    }

    /**
     * Reads the local or peer address of a socket.
     *
     * @return the address, or null when unbound (local) or not connected (peer)
     */
    static InetSocketAddress read(int fd, boolean peer) throws IOException {
        byte[] name = new byte[Native.NAME_LENGTH];
        int length = Native.sockName0(fd, peer, name);
        if (length < 0) {
            if (peer && length == -Native.ENOTCONN) {
                return null;
            }
            throw NativeErrors.exception(peer ? "getpeername" : "getsockname", length);
        }
        int port = intAt(name, 16);
        if (!peer && port == 0) {
            return null; // not bound yet
        }
        byte[] raw = new byte[length];
        System.arraycopy(name, 0, raw, 0, length);
        try {
            InetAddress ip = length == 16 && !isIpv4Mapped(raw)
                    ? Inet6Address.getByAddress(null, raw, intAt(name, 20))
                    : InetAddress.getByAddress(raw); // an IPv4-mapped address comes back as Inet4Address
            return new InetSocketAddress(ip, port);
        } catch (UnknownHostException e) {
            throw new IOException("the kernel returned an address of " + length + " bytes", e);
        }
    }

    private static boolean isIpv4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    private static int intAt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}

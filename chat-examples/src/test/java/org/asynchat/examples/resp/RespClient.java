package org.asynchat.examples.resp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.asynchat.examples.TextClient;

/** A minimal RESP2 client for tests: sends multi-bulk commands, reads replies as Java values. */
final class RespClient implements AutoCloseable {

    /** An error reply, as a value (not thrown). */
    record Error(String message) {
    }

    final TextClient socket;

    RespClient(int port) throws IOException {
        socket = new TextClient(port);
    }

    static byte[] encode(Object... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        List<byte[]> parts = new ArrayList<>();
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.UTF_8);
            parts.add(b);
        }
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(sb.toString().getBytes(StandardCharsets.US_ASCII));
        for (byte[] b : parts) {
            out.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }

    /** Sends a command and reads its reply: String (simple or bulk), Long, Error, null, or List. */
    Object call(Object... args) throws IOException {
        socket.send(encode(args));
        return read();
    }

    Object read() throws IOException {
        String line = socket.readLine();
        if (line == null) {
            throw new IOException("the server closed the connection");
        }
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+':
                return rest;
            case '-':
                return new Error(rest);
            case ':':
                return Long.parseLong(rest);
            case '$': {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    return null;
                }
                byte[] data = socket.readBytes(n + 2);
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(rest);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("not a RESP reply: " + line);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

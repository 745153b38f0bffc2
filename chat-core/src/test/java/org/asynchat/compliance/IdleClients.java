package org.asynchat.compliance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process that holds many idle connections, so that the server's heap can be measured
 * without the clients' own objects in it. Usage: {@code IdleClients HOST PORT COUNT}; prints
 * {@code connected N}, then holds the connections until its standard input closes.
 */
public final class IdleClients {
    private IdleClients() {
    }

    /**
     * Opens the connections and waits.
     *
     * @param args host, port, count
     * @throws Exception if a connection fails
     */
    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        List<SocketChannel> held = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            held.add(SocketChannel.open(server));
        }
        System.out.println("connected " + held.size());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        for (SocketChannel c : held) {
            c.close();
        }
    }
}

package org.asynchat.internal.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.asynchat.spi.Backend;
import org.asynchat.spi.ListenerHandle;
import org.asynchat.spi.Poller;

/**
 * Proves that a backend works, through the SPI as the event loop uses it: opens a poller, binds
 * a listener to an ephemeral port of 127.0.0.1 with {@code SO_REUSEPORT}, then binds a second
 * listener to the same port, and closes everything. A backend that says it is available but
 * cannot do this (no descriptors left, a sandbox refusing sockets) does not work.
 */
public final class ListenProbe {

    /** The listen backlog of the probe's listeners: nobody connects. */
    private static final int BACKLOG = 1;

    /**
     * What the probe found.
     *
     * @param works true if the backend opened a poller and a listener bound to 127.0.0.1
     * @param problem why it does not work, with what to do; null when it works
     * @param section the report's {@code listen} section
     */
    public record Result(boolean works, String problem, Section section) {
    }

    private ListenProbe() {
    }

    /**
     * The section for a report that has no backend to try.
     *
     * @param why why no backend was tried
     * @return the result, not working
     */
    public static Result notTried(String why) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", null);
        json.put("works", false);
        json.put("detail", "not tried: " + why);
        json.put("reuse_port", null);
        json.put("reuse_port_detail", "not tried");
        return new Result(false, why, new Section("listen", "listen", List.of("not tried: " + why), json));
    }

    /**
     * Runs the probe on a backend that says it is available.
     *
     * @param backend the backend
     * @return what it found
     */
    public static Result run(Backend backend) {
        String name = backend.name();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        String detail;
        String problem = null;
        Boolean reusePort = null;
        String reuseDetail = "not tried (no listener)";
        try (Poller poller = backend.openPoller()) {
            ListenerHandle first = poller.openListener(StandardProtocolFamily.INET);
            try {
                String optionRefused = setReusePort(first);
                first.bind(new InetSocketAddress(loopback, 0), BACKLOG);
                InetSocketAddress bound = first.localAddress();
                detail = name + " opened a poller and a listener on " + hostPort(bound);
                if (optionRefused != null) {
                    reusePort = false;
                    reuseDetail = "not supported: " + optionRefused;
                } else {
                    String second = secondListener(poller, bound);
                    reusePort = second == null;
                    reuseDetail = second == null ? "works (a second listener bound " + hostPort(bound) + ")"
                            : "does not work: a second listener could not bind " + hostPort(bound) + ": " + second
                                    + " (EventLoopGroup.listenReusePort and --reuse-port will fail; listen() works)";
                }
            } finally {
                first.close();
            }
        } catch (IOException | RuntimeException e) {
            detail = name + " could not listen on " + loopback.getHostAddress() + ": " + e;
            problem = detail + ". The event loop would fail the same way: check the open-file limit (limits,"
                    + " below) and whether this process may open sockets";
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", name);
        json.put("works", problem == null);
        json.put("detail", detail);
        json.put("reuse_port", reusePort);
        json.put("reuse_port_detail", reuseDetail);
        List<String> lines = problem == null ? List.of(detail + "; SO_REUSEPORT " + reuseDetail) : List.of(detail);
        return new Result(problem == null, problem, new Section("listen", "listen", lines, json));
    }

    /** Sets SO_REUSEPORT; returns why the backend refused it, or null. */
    private static String setReusePort(ListenerHandle listener) {
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            return null;
        } catch (UnsupportedOperationException | IOException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** Binds a second listener with SO_REUSEPORT to the first one's address; returns why not, or null. */
    private static String secondListener(Poller poller, InetSocketAddress address) throws IOException {
        ListenerHandle second = poller.openListener(StandardProtocolFamily.INET);
        try {
            String refused = setReusePort(second);
            if (refused != null) {
                return refused;
            }
            second.bind(address, BACKLOG);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } finally {
            second.close();
        }
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}

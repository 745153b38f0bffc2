package org.asynchat.epoll;

import org.asynchat.BackendUnavailableException;
import org.asynchat.Backends;
import org.asynchat.EventLoop;

/**
 * A child JVM's main: chooses a backend as an application would ({@code new EventLoop()}),
 * prints {@code backend=NAME}, and with the argument {@code describe} the epoll backend's
 * availability; a failed choice prints {@code error=MESSAGE} and exits with 3.
 */
public final class SelectBackendMain {

    private SelectBackendMain() {
    }

    /**
     * Runs the probe.
     *
     * @param args {@code describe} to print the epoll availability too
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("describe")) {
            System.out.println("epoll=" + new EpollBackend().availability());
        }
        try (EventLoop loop = new EventLoop()) {
            System.out.println("backend=" + loop.backend().name());
        } catch (BackendUnavailableException e) {
            System.out.println("error=" + e.getMessage());
            System.exit(3);
        }
        System.out.println("candidates=" + Backends.discover());
    }
}

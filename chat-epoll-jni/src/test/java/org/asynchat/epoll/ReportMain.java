package org.asynchat.epoll;

import org.asynchat.BackendReport;
import org.asynchat.Backends;

/**
 * A child JVM's main that does what {@code java -jar chat-examples.jar doctor [--backend NAME]}
 * does with {@link Backends#report()}: prints the report, then {@code json=} and its JSON on one
 * line, and exits with 0 if the backend works, 1 if not.
 */
public final class ReportMain {

    private ReportMain() {
    }

    /**
     * Prints the report.
     *
     * @param args a backend's name to check instead of the one that would be chosen, or nothing
     */
    public static void main(String[] args) {
        BackendReport report = args.length > 0 ? Backends.report(args[0], "--backend") : Backends.report();
        System.out.print(report);
        System.out.println("json=" + report.toJson());
        System.exit(report.ok() ? 0 : 1);
    }
}

package org.asynchat.examples;

import java.io.PrintStream;

import org.asynchat.BackendReport;
import org.asynchat.Backends;

/**
 * {@code java -jar chat-examples.jar doctor [--backend NAME] [--json]}: prints
 * {@link Backends#report()} (or the report for the named backend) and exits with 0 if that
 * backend works here, 1 if not (the summary also goes to standard error), 2 for a bad command
 * line. So a deployment can run it first and stop on a non-zero status.
 */
final class DoctorCommand {

    static final String USAGE = "usage: java -jar chat-examples.jar doctor [--backend NAME] [--json]\n"
            + "\n"
            + "Checks this machine for asynchat: the JDK, the OS, every backend found and why any is unavailable,\n"
            + "the backend an example would choose (asynchat.backend, ASYNCHAT_BACKEND) and whether it can listen,\n"
            + "SO_REUSEPORT, the open-file limit, net.core.somaxconn and TLS.\n"
            + "\n"
            + "flags:\n"
            + "  --backend NAME         check this backend (nio, epoll) instead of the one that would be chosen\n"
            + "  --json                 print the report as one line of JSON\n"
            + "\n"
            + "Exit status: 0 if the backend works here, 1 if it does not (the reason is on standard error\n"
            + "too), 2 for a bad command line.\n";

    private DoctorCommand() {
    }

    /**
     * Runs the doctor.
     *
     * @param args the arguments after {@code doctor}
     * @param out where the report goes
     * @param err where errors go
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean json = false;
        String backend = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(USAGE);
                return 0;
            } else if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--backend") && i + 1 < args.length) {
                backend = args[++i];
            } else if (arg.startsWith("--backend=")) {
                backend = arg.substring("--backend=".length());
            } else {
                err.println("error: " + (arg.equals("--backend") ? "--backend needs a value (NAME)"
                        : "unexpected argument '" + arg + "'"));
                err.print(USAGE);
                return 2;
            }
        }
        if (backend != null && backend.isBlank()) {
            err.println("error: --backend needs a value (NAME)");
            err.print(USAGE);
            return 2;
        }
        BackendReport report = backend == null ? Backends.report() : Backends.report(backend, "--backend");
        out.print(json ? report.toJson() + "\n" : report.toString());
        out.flush();
        if (!report.ok()) {
            err.println("error: " + report.summary());
            return 1;
        }
        return 0;
    }
}

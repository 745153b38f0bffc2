package org.asynchat.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.asynchat.BackendUnavailableException;
import org.asynchat.Backends;
import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;
import org.asynchat.examples.chat.ChatExample;
import org.asynchat.examples.echo.EchoExample;
import org.asynchat.examples.http.HttpExample;
import org.asynchat.examples.resp.RespExample;
import org.asynchat.examples.smtp.SmtpExample;
import org.asynchat.spi.Backend;

/**
 * The runnable jar: {@code java -jar chat-examples.jar EXAMPLE [--host H] [--port P]
 * [--backend NAME] [flags]}. When the server is ready it prints exactly one line to standard
 * output, {@code listening on HOST:PORT (backend NAME)}; SIGTERM or SIGINT close it cleanly
 * (exit status 0). A bad command line prints the usage to standard error and exits with 2.
 * {@code doctor} checks the machine instead ({@link DoctorCommand}).
 */
public final class Main {

    /** Every example, in the order {@code --help} lists them. */
    static final List<Example> EXAMPLES = List.of(new EchoExample(), new HttpExample(), new RespExample(),
            new SmtpExample(), new ChatExample());

    /** How long connections may take to finish on SIGTERM before they are closed by force. */
    static final java.time.Duration SHUTDOWN_GRACE = java.time.Duration.ofSeconds(5);

    static final List<Flag> COMMON_FLAGS = List.of(
            new Flag("host", "HOST", "address to listen on", "127.0.0.1"),
            new Flag("port", "PORT", "port to listen on; 0 picks a free one", "0"),
            new Flag("backend", "NAME", "I/O backend (nio, epoll); default: the best available", null),
            new Flag("threads", "N", "event loops, one thread each; connections are spread over them", "1"),
            Flag.toggle("reuse-port", "one listening socket per loop (SO_REUSEPORT): the kernel spreads connections"));

    private Main() {
    }

    /**
     * Runs an example and exits.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs an example until it is stopped, and returns the exit status.
     *
     * @param args the command line
     * @param out where the ready line goes
     * @param err where errors and usage go
     * @return 0 after a clean stop, 1 if the server failed, 2 for a bad command line
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || isHelp(args[0])) {
            (args.length == 0 ? err : out).print(usage());
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version")) {
            out.print(VersionInfo.describe());
            return 0;
        }
        if (args[0].equals("doctor")) {
            return DoctorCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        Example example = find(args[0]);
        if (example == null) {
            err.println("error: unknown example '" + args[0] + "'");
            err.print(usage());
            return 2;
        }
        Options options = null;
        Backend backend;
        try {
            options = parse(example, args);
            if (options == null) {
                out.print(usage(example));
                return 0;
            }
            String name = options.get("backend");
            backend = name == null ? Backends.select() : Backends.named(name, "--backend");
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(usage(example));
            return 2;
        } catch (BackendUnavailableException e) {
            // The message says where the name came from; the usage helps only if it was a flag.
            err.println("error: " + e.getMessage());
            if (options != null && options.get("backend") != null) {
                err.print(usage(example));
            }
            return 2;
        }
        return serve(example, backend, options, out, err);
    }

    private static int serve(Example example, Backend backend, Options options, PrintStream out, PrintStream err) {
        int threads;
        InetSocketAddress address;
        try {
            threads = options.integer("threads");
            if (threads < 1) {
                throw new UsageException("--threads takes a number of event loops, at least 1, not " + threads);
            }
            address = new InetSocketAddress(options.get("host"), options.integer("port"));
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(usage(example));
            return 2;
        }
        try (EventLoopGroup group = new EventLoopGroup(threads, backend)) {
            GroupListener listener;
            try {
                listener = example.open(group, address, options);
            } catch (UsageException e) {
                err.println("error: " + e.getMessage()); // a bad flag value the example found
                err.print(usage(example));
                return 2;
            } catch (IOException | RuntimeException e) {
                err.println("error: " + example.name() + " could not start: " + e.getMessage());
                return 1;
            }
            // SIGTERM: stop accepting, let each connection finish what is queued, force the rest.
            Shutdown.onSignal(() -> group.shutdownGracefully(SHUTDOWN_GRACE));
            out.println("listening on " + hostPort(listener.localAddress()) + " (backend " + backend.name() + ")");
            out.flush();
            group.start();
            group.terminationFuture().join();
            return 0;
        }
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }

    private static Example find(String name) {
        for (Example e : EXAMPLES) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Parses the flags after the example's name; null means --help was asked for. */
    static Options parse(Example example, String[] args) {
        Map<String, Flag> known = new LinkedHashMap<>();
        for (Flag f : COMMON_FLAGS) {
            known.put(f.name(), f);
        }
        for (Flag f : example.flags()) {
            known.put(f.name(), f);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Flag f : known.values()) {
            if (f.defaultValue() != null) {
                values.put(f.name(), f.defaultValue());
            }
        }
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (isHelp(arg)) {
                return null;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.containsKey(name)) {
                throw new UsageException("unknown flag --" + name);
            }
            if (known.get(name).isToggle()) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--" + name + " needs a value (" + known.get(name).value() + ")");
                }
                value = args[++i];
            }
            values.put(name, value);
        }
        return new Options(values);
    }

    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: java -jar chat-examples.jar EXAMPLE [--host HOST] [--port PORT] [--backend NAME]"
                + " [--threads N] [--reuse-port] [flags]\n");
        sb.append("\nexamples:\n");
        for (Example e : EXAMPLES) {
            sb.append(String.format("  %-8s %s%n", e.name(), e.description()));
        }
        sb.append("\ncommon flags:\n");
        appendFlags(sb, COMMON_FLAGS);
        sb.append("\n'java -jar chat-examples.jar EXAMPLE --help' lists an example's own flags;\n");
        sb.append("'java -jar chat-examples.jar --version' prints the version, the backend it would use and the JDK;\n");
        sb.append("'java -jar chat-examples.jar doctor [--backend NAME] [--json]' checks this machine and exits with 1\n");
        sb.append("if the backend cannot run here, saying why.\n");
        sb.append("When ready, the server prints 'listening on HOST:PORT (backend NAME)'. Logs go to standard error;\n");
        sb.append("-Dasynchat.log.level=info shows more. SIGTERM stops the server cleanly.\n");
        return sb.toString();
    }

    static String usage(Example example) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: java -jar chat-examples.jar ").append(example.name())
                .append(" [--host HOST] [--port PORT] [--backend NAME] [--threads N] [--reuse-port]");
        for (Flag f : example.flags()) {
            sb.append(" [--").append(f.name()).append(f.isToggle() ? "" : " " + f.value()).append(']');
        }
        sb.append("\n\n").append(example.description()).append("\n\nflags:\n");
        List<Flag> all = new ArrayList<>(COMMON_FLAGS);
        all.addAll(example.flags());
        appendFlags(sb, all);
        if (!example.notes().isEmpty()) {
            sb.append('\n').append(example.notes());
        }
        return sb.toString();
    }

    /** Width the usage text is wrapped to. */
    private static final int USAGE_WIDTH = 100;
    /** Where a flag's description starts. */
    private static final int DESCRIPTION_COLUMN = 25;

    private static void appendFlags(StringBuilder sb, List<Flag> flags) {
        for (Flag f : flags) {
            String left = "--" + f.name() + (f.isToggle() ? "" : " " + f.value());
            String text = f.description() + (f.defaultValue() == null ? "" : " (default: " + f.defaultValue() + ")");
            sb.append(String.format("  %-22s ", left));
            int column = DESCRIPTION_COLUMN;
            if (left.length() > 22) { // a long flag gets its description on the next line
                sb.append('\n').append(" ".repeat(DESCRIPTION_COLUMN));
            }
            boolean first = true;
            for (String word : text.split(" ")) {
                if (!first && column + 1 + word.length() > USAGE_WIDTH) {
                    sb.append('\n').append(" ".repeat(DESCRIPTION_COLUMN));
                    column = DESCRIPTION_COLUMN;
                    first = true;
                }
                if (!first) {
                    sb.append(' ');
                    column++;
                }
                sb.append(word);
                column += word.length();
                first = false;
            }
            sb.append(System.lineSeparator());
        }
    }
}

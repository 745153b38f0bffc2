package org.asynchat.examples.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.asynchat.examples.support.Ascii;

/**
 * The command table: each command's name, arity (as Redis counts it: the name included;
 * negative means "at least") and implementation. Errors use Redis's own wording, which
 * clients and people already know.
 */
final class Commands {

    /** One command's implementation; writes exactly one reply. */
    @FunctionalInterface
    private interface Body {
        void run(byte[][] args, RespWriter out, long now);
    }

    private record Command(String name, int arity, String flags, Body body) {
    }

    static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    static final String SYNTAX = "ERR syntax error";

    /** The answers to {@code CONFIG GET} that redis-benchmark and redis-cli ask for. */
    private static final Map<String, String> CONFIG = Map.of(
            "save", "", "appendonly", "no", "databases", "1", "maxmemory", "0");

    private final Keyspace keys;
    private final long maxBulk;
    /** The commands in the order COMMAND lists them. */
    private final List<Command> table = new ArrayList<>();
    /** The same commands by the length of their names: found for each request without allocating. */
    private Command[][] byNameLength = new Command[0][];

    Commands(Keyspace keys, long maxBulk) {
        this.keys = keys;
        this.maxBulk = maxBulk;
        add("ping", -1, "fast", this::ping);
        add("echo", 2, "fast", (a, out, now) -> out.bulk(a[1]));
        add("quit", -1, "fast", (a, out, now) -> out.simple("OK"));
        add("select", 2, "fast", this::select);
        add("set", -3, "write", this::set);
        add("get", 2, "readonly fast", (a, out, now) -> out.bulk(value(a[1], now)));
        add("del", -2, "write", this::del);
        add("exists", -2, "readonly fast", this::exists);
        add("incr", 2, "write fast", (a, out, now) -> incrBy(a[1], 1, out, now));
        add("decr", 2, "write fast", (a, out, now) -> incrBy(a[1], -1, out, now));
        add("incrby", 3, "write fast", (a, out, now) -> incrBy(a[1], a[2], false, out, now));
        add("decrby", 3, "write fast", (a, out, now) -> incrBy(a[1], a[2], true, out, now));
        add("mset", -3, "write", this::mset);
        add("mget", -2, "readonly fast", this::mget);
        add("append", 3, "write", this::append);
        add("strlen", 2, "readonly fast", (a, out, now) -> {
            byte[] v = value(a[1], now);
            out.integer(v == null ? 0 : v.length);
        });
        add("expire", 3, "write fast", (a, out, now) -> expire(a, 1000, out, now));
        add("pexpire", 3, "write fast", (a, out, now) -> expire(a, 1, out, now));
        add("ttl", 2, "readonly fast", (a, out, now) -> ttl(a[1], true, out, now));
        add("pttl", 2, "readonly fast", (a, out, now) -> ttl(a[1], false, out, now));
        add("dbsize", 1, "readonly fast", (a, out, now) -> out.integer(keys.size()));
        add("flushall", -1, "write", this::flush);
        add("flushdb", -1, "write", this::flush);
        add("config", -2, "admin", this::config);
        add("command", -1, "loading stale", this::command);
    }

    private void add(String name, int arity, String flags, Body body) {
        Command c = new Command(name, arity, flags, body);
        table.add(c);
        int n = name.length();
        if (n >= byNameLength.length) {
            byNameLength = Arrays.copyOf(byNameLength, n + 1);
        }
        Command[] same = byNameLength[n] == null ? new Command[0] : byNameLength[n];
        byNameLength[n] = Arrays.copyOf(same, same.length + 1);
        byNameLength[n][same.length] = c;
    }

    /** The command a name (in any case) stands for, or null. */
    private Command find(byte[] name) {
        Command[] candidates = name.length < byNameLength.length ? byNameLength[name.length] : null;
        if (candidates != null) {
            for (Command c : candidates) {
                if (Ascii.equalsIgnoreCase(name, c.name)) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * Runs one command and writes its reply.
     *
     * @param args the command name and its arguments
     * @param out where the reply goes
     * @param now the time on the {@link Keyspace#millis} clock
     * @return true if the connection is to close after the reply (QUIT)
     */
    boolean execute(byte[][] args, RespWriter out, long now) {
        Command c = find(args[0]);
        if (c == null) {
            out.error(unknownCommand(args));
            return false;
        }
        if (c.arity > 0 ? args.length != c.arity : args.length < -c.arity) {
            out.error("ERR wrong number of arguments for '" + c.name + "' command");
            return false;
        }
        // One keyspace serves the connections of every loop (--threads): each command runs
        // under its monitor, so a command is atomic, as in Redis. Uncontended with one loop.
        synchronized (keys) {
            c.body.run(args, out, now);
        }
        return c.name.equals("quit");
    }

    private static String unknownCommand(byte[][] args) {
        StringBuilder sb = new StringBuilder("ERR unknown command '").append(shortText(args[0]))
                .append("', with args beginning with: ");
        for (int i = 1; i < args.length && sb.length() < 256; i++) {
            sb.append('\'').append(shortText(args[i])).append("' ");
        }
        return sb.toString();
    }

    private static String shortText(byte[] b) {
        return new String(b, 0, Math.min(b.length, 128), StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- commands

    private void ping(byte[][] a, RespWriter out, long now) {
        if (a.length > 2) {
            out.error("ERR wrong number of arguments for 'ping' command");
        } else if (a.length == 2) {
            out.bulk(a[1]);
        } else {
            out.simple("PONG");
        }
    }

    private void select(byte[][] a, RespWriter out, long now) {
        if (Ascii.equalsIgnoreCase(a[1], "0")) {
            out.simple("OK");
        } else {
            out.error("ERR DB index is out of range");
        }
    }

    /** SET key value [NX | XX] [EX seconds | PX milliseconds | KEEPTTL] [GET]. */
    private void set(byte[][] a, RespWriter out, long now) {
        boolean nx = false;
        boolean xx = false;
        boolean keepTtl = false;
        boolean get = false;
        long expiresAt = 0;
        for (int i = 3; i < a.length; i++) {
            String option = upper(a[i]);
            boolean hasNext = i + 1 < a.length;
            switch (option) {
                case "NX" -> nx = true;
                case "XX" -> xx = true;
                case "GET" -> get = true;
                case "KEEPTTL" -> keepTtl = true;
                case "EX", "PX" -> {
                    if (!hasNext || expiresAt != 0) {
                        out.error(SYNTAX);
                        return;
                    }
                    long n;
                    try {
                        n = Ascii.parseLong(a[++i]);
                    } catch (NumberFormatException e) {
                        out.error(NOT_INTEGER);
                        return;
                    }
                    long unit = option.equals("EX") ? 1000 : 1;
                    if (n <= 0 || n > (Long.MAX_VALUE - now) / unit) {
                        out.error("ERR invalid expire time in 'set' command");
                        return;
                    }
                    expiresAt = now + n * unit;
                }
                default -> {
                    out.error(SYNTAX);
                    return;
                }
            }
        }
        if ((nx && xx) || (keepTtl && expiresAt != 0)) {
            out.error(SYNTAX);
            return;
        }
        if (!nx && !xx && !keepTtl && !get) { // the plain SET: one lookup, not a get and a put
            keys.put(a[1], a[2], expiresAt);
            out.simple("OK");
            return;
        }
        Keyspace.Entry old = keys.get(a[1], now);
        if ((nx && old != null) || (xx && old == null)) {
            if (get) {
                out.bulk(old == null ? null : old.value);
            } else {
                out.nullBulk();
            }
            return;
        }
        if (keepTtl && old != null) {
            expiresAt = old.expiresAt;
        }
        keys.put(a[1], a[2], expiresAt);
        if (get) {
            out.bulk(old == null ? null : old.value);
        } else {
            out.simple("OK");
        }
    }

    private void del(byte[][] a, RespWriter out, long now) {
        int n = 0;
        for (int i = 1; i < a.length; i++) {
            n += keys.remove(a[i], now) ? 1 : 0;
        }
        out.integer(n);
    }

    private void exists(byte[][] a, RespWriter out, long now) {
        int n = 0;
        for (int i = 1; i < a.length; i++) {
            n += keys.get(a[i], now) != null ? 1 : 0;
        }
        out.integer(n);
    }

    private void incrBy(byte[] key, byte[] by, boolean negate, RespWriter out, long now) {
        long delta;
        try {
            delta = Ascii.parseLong(by);
        } catch (NumberFormatException e) {
            out.error(NOT_INTEGER);
            return;
        }
        if (negate && delta == Long.MIN_VALUE) {
            out.error("ERR decrement would overflow");
            return;
        }
        incrBy(key, negate ? -delta : delta, out, now);
    }

    /** INCR and friends: the value must be a 64-bit decimal; its expiry time is kept. */
    private void incrBy(byte[] key, long delta, RespWriter out, long now) {
        Keyspace.Entry e = keys.get(key, now);
        long current = 0;
        if (e != null) {
            try {
                current = Ascii.parseLong(e.value);
            } catch (NumberFormatException ex) {
                out.error(NOT_INTEGER);
                return;
            }
        }
        long next;
        try {
            next = Math.addExact(current, delta);
        } catch (ArithmeticException ex) {
            out.error("ERR increment or decrement would overflow");
            return;
        }
        byte[] value = Long.toString(next).getBytes(StandardCharsets.US_ASCII);
        if (e != null) {
            e.value = value;
        } else {
            keys.put(key, value, 0);
        }
        out.integer(next);
    }

    private void mset(byte[][] a, RespWriter out, long now) {
        if (a.length % 2 == 0) {
            out.error("ERR wrong number of arguments for 'mset' command");
            return;
        }
        for (int i = 1; i < a.length; i += 2) {
            keys.put(a[i], a[i + 1], 0);
        }
        out.simple("OK");
    }

    private void mget(byte[][] a, RespWriter out, long now) {
        out.array(a.length - 1);
        for (int i = 1; i < a.length; i++) {
            out.bulk(value(a[i], now));
        }
    }

    private void append(byte[][] a, RespWriter out, long now) {
        Keyspace.Entry e = keys.get(a[1], now);
        if (e == null) {
            keys.put(a[1], a[2], 0);
            out.integer(a[2].length);
            return;
        }
        if ((long) e.value.length + a[2].length > maxBulk) {
            out.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            return;
        }
        byte[] joined = Arrays.copyOf(e.value, e.value.length + a[2].length);
        System.arraycopy(a[2], 0, joined, e.value.length, a[2].length);
        e.value = joined;
        out.integer(joined.length);
    }

    /** EXPIRE / PEXPIRE: a time of zero or less deletes the key, as in Redis. */
    private void expire(byte[][] a, long unit, RespWriter out, long now) {
        long n;
        try {
            n = Ascii.parseLong(a[2]);
        } catch (NumberFormatException e) {
            out.error(NOT_INTEGER);
            return;
        }
        Keyspace.Entry e = keys.get(a[1], now);
        if (e == null) {
            out.integer(0);
        } else if (n <= 0) {
            keys.remove(a[1], now);
            out.integer(1);
        } else if (n > (Long.MAX_VALUE - now) / unit) {
            out.error("ERR invalid expire time in '" + (unit == 1 ? "pexpire" : "expire") + "' command");
        } else {
            keys.expire(a[1], e, now + n * unit);
            out.integer(1);
        }
    }

    /** TTL / PTTL: -2 for a missing key, -1 for a key without expiry. */
    private void ttl(byte[] key, boolean seconds, RespWriter out, long now) {
        Keyspace.Entry e = keys.get(key, now);
        if (e == null) {
            out.integer(-2);
        } else if (e.expiresAt == 0) {
            out.integer(-1);
        } else {
            long millis = e.expiresAt - now;
            out.integer(seconds ? (millis + 500) / 1000 : millis);
        }
    }

    private void flush(byte[][] a, RespWriter out, long now) {
        if (a.length > 2
                || (a.length == 2 && !Ascii.equalsIgnoreCase(a[1], "SYNC") && !Ascii.equalsIgnoreCase(a[1], "ASYNC"))) {
            out.error(SYNTAX);
            return;
        }
        keys.clear();
        out.simple("OK");
    }

    /** CONFIG GET pattern...: enough for redis-benchmark's start-up questions. */
    private void config(byte[][] a, RespWriter out, long now) {
        String sub = upper(a[1]);
        if (!sub.equals("GET")) {
            out.error("ERR unknown subcommand '" + shortText(a[1]) + "'. Try CONFIG HELP.");
            return;
        }
        if (a.length < 3) {
            out.error("ERR wrong number of arguments for 'config|get' command");
            return;
        }
        List<String> found = new ArrayList<>();
        for (int i = 2; i < a.length; i++) {
            String pattern = new String(a[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            CONFIG.keySet().stream().sorted().filter(name -> glob(pattern, name) && !found.contains(name))
                    .forEach(found::add);
        }
        out.array(found.size() * 2);
        for (String name : found) {
            out.bulk(name).bulk(CONFIG.get(name));
        }
    }

    /** COMMAND, COMMAND COUNT, COMMAND INFO name..., COMMAND DOCS: what clients ask at start. */
    private void command(byte[][] a, RespWriter out, long now) {
        String sub = a.length == 1 ? "" : upper(a[1]);
        switch (sub) {
            case "" -> {
                out.array(table.size());
                table.forEach(c -> describe(c, out));
            }
            case "COUNT" -> out.integer(table.size());
            case "INFO" -> {
                out.array(a.length - 2);
                for (int i = 2; i < a.length; i++) {
                    Command c = find(a[i]);
                    if (c == null) {
                        out.nullBulk();
                    } else {
                        describe(c, out);
                    }
                }
            }
            case "DOCS" -> out.array(0); // no documentation here; redis-cli falls back to its own hints
            default -> out.error("ERR unknown subcommand '" + shortText(a[1]) + "'. Try COMMAND HELP.");
        }
    }

    /** One COMMAND reply entry: name, arity, flags, first key, last key, key step, and four empty lists. */
    private static void describe(Command c, RespWriter out) {
        String[] flags = c.flags.split(" ");
        boolean hasKeys = c.flags.contains("write") || c.flags.contains("readonly");
        boolean manyKeys = c.arity < 0;
        int step = c.name.equals("mset") ? 2 : 1;
        out.array(10).bulk(c.name).integer(c.arity).array(flags.length);
        for (String f : flags) {
            out.simple(f);
        }
        out.integer(hasKeys ? 1 : 0).integer(hasKeys ? (manyKeys ? -1 : 1) : 0).integer(hasKeys ? step : 0);
        out.array(0).array(0).array(0).array(0);
    }

    // ---------------------------------------------------------------- helpers

    private byte[] value(byte[] key, long now) {
        Keyspace.Entry e = keys.get(key, now);
        return e == null ? null : e.value;
    }

    private static String upper(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    /**
     * Redis-style glob with {@code *} and {@code ?}, enough for CONFIG GET patterns. Greedy,
     * going back only to the last star: linear in practice, whatever pattern a client sends.
     */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}

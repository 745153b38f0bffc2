package org.asynchat.examples.resp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.asynchat.EventLoop;
import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;
import org.asynchat.examples.Example;
import org.asynchat.examples.Flag;
import org.asynchat.examples.Options;
import org.asynchat.examples.UsageException;
import org.asynchat.examples.support.Listener;

/**
 * A key-value server that speaks the Redis protocol (RESP2): strings, counters and expiry,
 * enough for {@code redis-cli} and {@code redis-benchmark}.
 *
 * <pre>
 * java -jar chat-examples.jar resp --port 6380
 * redis-cli -p 6380 set greeting hello
 * redis-benchmark -p 6380 -t set,get -n 100000 -P 16 -q
 * </pre>
 */
public final class RespExample implements Example {

    /** How often expired keys that nobody reads are swept out. */
    private static final Duration SWEEP_INTERVAL = Duration.ofMillis(100);
    /** The largest --max-bulk: values are Java arrays. */
    private static final long MAX_BULK_LIMIT = Integer.MAX_VALUE - 16;
    /** The shortest --max-line: room for a header line such as {@code $536870912}. */
    private static final int MIN_LINE = 32;
    /** The largest --max-line: an inline command is held in one array. */
    private static final int MAX_LINE_LIMIT = 64 * 1024 * 1024;

    @Override
    public String name() {
        return "resp";
    }

    @Override
    public String description() {
        return "key-value server speaking the Redis protocol (RESP2): redis-cli and redis-benchmark work";
    }

    @Override
    public List<Flag> flags() {
        return List.of(new Flag("max-bulk", "SIZE",
                "largest bulk string (value or argument), as Redis's proto-max-bulk-len", "512m"),
                new Flag("max-line", "SIZE", "longest inline command or multi-bulk header line, not counting its line"
                        + " ending, as Redis's proto-inline-max-size; past it the client gets '-ERR Protocol error: too"
                        + " big inline request' and the connection closes", "64k"));
    }

    @Override
    public GroupListener open(EventLoopGroup group, InetSocketAddress address, Options options) throws IOException {
        long maxBulk = options.bytes("max-bulk");
        if (maxBulk > MAX_BULK_LIMIT) {
            throw new UsageException("--max-bulk may be at most " + MAX_BULK_LIMIT + " bytes (about 2g), not "
                    + options.get("max-bulk"));
        }
        int maxLine = options.bytes("max-line", MIN_LINE, MAX_LINE_LIMIT);
        Keyspace keys = new Keyspace();
        sweepEvery(group.loops().get(0), keys);
        Commands commands = new Commands(keys, maxBulk);
        return Listener.open(group, address, options,
                connection -> new RespChannel(connection, commands, maxBulk, maxLine));
    }

    private static void sweepEvery(EventLoop loop, Keyspace keys) {
        loop.schedule(SWEEP_INTERVAL, () -> {
            synchronized (keys) { // shared with the commands of every loop
                keys.sweep(Keyspace.millis(loop.turnNanos()));
            }
            sweepEvery(loop, keys);
        });
    }
}

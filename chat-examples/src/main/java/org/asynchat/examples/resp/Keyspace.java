package org.asynchat.examples.resp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The data: binary-safe string keys and values, each with an optional expiry time. Expired
 * keys vanish when touched (as in Redis) and are also swept from a queue of deadlines, so
 * keys that are never read again do not stay in memory.
 *
 * <p>Not thread-safe itself: with several loops ({@code --threads}) every use holds the
 * keyspace's monitor ({@link Commands#execute} and the sweep timer do).
 */
final class Keyspace {

    /** A key: byte arrays compared by content. */
    static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A value and its expiry time on the {@link #millis} clock, 0 for none. */
    static final class Entry {
        byte[] value;
        long expiresAt;

        Entry(byte[] value, long expiresAt) {
            this.value = value;
            this.expiresAt = expiresAt;
        }
    }

    private record Deadline(long at, Key key) {
    }

    private static final long ORIGIN = System.nanoTime();

    /**
     * The keyspace clock: milliseconds since this class was loaded, at least 0, from a
     * {@code System.nanoTime()} reading. Commands take it from their loop's turn
     * ({@code EventLoop.turnNanos()}), so a command costs no clock call (it was 3 % of the
     * server's CPU under pipelined PINGs); only relative times (EXPIRE, TTL) use it.
     *
     * @param nanoTime a {@code System.nanoTime()} reading
     * @return the milliseconds it stands for
     */
    static long millis(long nanoTime) {
        return Math.max(0, (nanoTime - ORIGIN) / 1_000_000);
    }

    private final Map<Key, Entry> entries = new HashMap<>();
    /** Expiry times as set; an entry whose time changed since is skipped when it comes up. */
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));

    /** Returns the live entry for a key, or null; removes it if it has expired. */
    Entry get(byte[] key, long now) {
        Key k = new Key(key);
        Entry e = entries.get(k);
        if (e != null && e.expiresAt != 0 && e.expiresAt <= now) {
            entries.remove(k);
            return null;
        }
        return e;
    }

    /** Stores a value; {@code expiresAt} 0 means it never expires. */
    void put(byte[] key, byte[] value, long expiresAt) {
        Key k = new Key(key);
        entries.put(k, new Entry(value, expiresAt));
        if (expiresAt != 0) {
            deadlines.add(new Deadline(expiresAt, k));
        }
    }

    /** Sets or clears a live entry's expiry time. */
    void expire(byte[] key, Entry entry, long expiresAt) {
        entry.expiresAt = expiresAt;
        if (expiresAt != 0) {
            deadlines.add(new Deadline(expiresAt, new Key(key)));
        }
    }

    boolean remove(byte[] key, long now) {
        return get(key, now) != null && entries.remove(new Key(key)) != null;
    }

    /** Counts keys, expired ones not yet swept included, as Redis's DBSIZE does. */
    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
        deadlines.clear();
    }

    /** Removes every key whose time has come; called periodically by the loop. */
    void sweep(long now) {
        Deadline d;
        while ((d = deadlines.peek()) != null && d.at <= now) {
            deadlines.poll();
            Entry e = entries.get(d.key);
            if (e != null && e.expiresAt == d.at) {
                entries.remove(d.key);
            }
        }
    }
}

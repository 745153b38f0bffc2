package org.asynchat.examples.chat;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.asynchat.examples.TextClient;

/**
 * A member's client that reads on a thread of its own, as fast as it can or at a set pace, and
 * hands each line to a watcher as it arrives: what the room's flow tests measure delivery with.
 */
final class RoomReader implements AutoCloseable {

    private final TextClient client;
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile IOException failure;

    /**
     * Starts reading {@code client} (already joined); each line goes to {@code seen}, on
     * the reading thread. With {@code bytesPerTick > 0} the reader takes at most that many bytes
     * every {@code tickMillis}: a slow but steady reader.
     */
    RoomReader(String name, TextClient client, Consumer<String> seen, int bytesPerTick, long tickMillis) {
        this.client = client;
        this.thread = new Thread(() -> read(seen, bytesPerTick, tickMillis), "chat-reader-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** A reader that reads as fast as lines come. */
    RoomReader(String name, TextClient client, Consumer<String> seen) {
        this(name, client, seen, 0, 0);
    }

    private void read(Consumer<String> seen, int bytesPerTick, long tickMillis) {
        try {
            client.socket().setSoTimeout(0); // the test's own deadlines bound it
            long budget = bytesPerTick;
            long nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(tickMillis);
            String line;
            while ((line = client.readLine()) != null) {
                seen.accept(line);
                if (bytesPerTick > 0) {
                    budget -= line.length() + 2;
                    if (budget <= 0) {
                        long wait = nextTick - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
                        }
                        nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(tickMillis);
                        budget += bytesPerTick;
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    /** Waits for the end of the stream (the server closed), at most {@code seconds}. */
    boolean awaitEnd(long seconds) throws InterruptedException {
        return ended.await(seconds, TimeUnit.SECONDS);
    }

    /** What ended the reading when it was not a clean end of stream, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}

package org.asynchat.examples.smtp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A directory of received messages, one {@code .eml} file each. A message is written to a
 * hidden temporary file, forced to disk, and only then renamed to its final name, so that a
 * reader of the directory never sees half a message and a crash never leaves one: the
 * server says {@code 250} only after the rename.
 */
final class Spool {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    private final Path directory;

    Spool(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory).toRealPath();
        if (!Files.isWritable(this.directory)) {
            throw new IOException("--spool " + directory + " is not writable");
        }
    }

    Path directory() {
        return directory;
    }

    /**
     * Starts a message. The id, {@code <milliseconds>.<pid>.<sequence>} as maildir names its
     * files, is unique on this host, so a rename never replaces another message.
     */
    Draft begin() throws IOException {
        String id = System.currentTimeMillis() + "." + PID + "." + SEQUENCE.incrementAndGet();
        return new Draft(id);
    }

    /** A message being received; {@link #commit()} or {@link #abort()} ends it. */
    final class Draft {
        private final String id;
        private final Path temporary;
        private final FileChannel file;
        /** Collects small writes (a line at a time) into large ones. */
        private final ByteBuffer pending = ByteBuffer.allocate(64 * 1024);

        private Draft(String id) throws IOException {
            this.id = id;
            this.temporary = directory.resolve("." + id + ".tmp");
            this.file = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        String id() {
            return id;
        }

        void write(ByteBuffer data) throws IOException {
            while (data.hasRemaining()) {
                if (!pending.hasRemaining()) {
                    drain();
                }
                int n = Math.min(pending.remaining(), data.remaining());
                pending.put(pending.position(), data, data.position(), n);
                pending.position(pending.position() + n);
                data.position(data.position() + n);
            }
        }

        private void drain() throws IOException {
            pending.flip();
            while (pending.hasRemaining()) {
                file.write(pending);
            }
            pending.clear();
        }

        /**
         * Makes the message durable and visible under its final name.
         *
         * @return the final file
         */
        Path commit() throws IOException {
            try {
                drain();
                file.force(true);
            } finally {
                file.close();
            }
            Path done = directory.resolve(id + ".eml");
            Files.move(temporary, done, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
            return done;
        }

        /** Forgets the message: the temporary file is deleted. */
        void abort() {
            try {
                file.close();
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // Nothing was promised for this message; a stray hidden .tmp file is all that can remain.
            }
        }

        /** The rename is durable once the directory itself is on disk (Linux allows fsync on a directory). */
        private void syncDirectory() {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // Not every file system or OS lets a directory be opened; the rename is still atomic.
            }
        }
    }
}

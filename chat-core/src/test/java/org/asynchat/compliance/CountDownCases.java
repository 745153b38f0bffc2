package org.asynchat.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.asynchat.AcceptedConnection;
import org.asynchat.AsyncChat;
import org.asynchat.Terminator;
import org.junit.jupiter.api.Test;

/**
 * A byte-count terminator counts down as asynchat's does: data is collected first, the count
 * goes down after, so {@code getTerminator()} inside {@code collectIncomingData} still includes
 * the data being collected.
 */
public abstract class CountDownCases extends ComplianceBase {

    /** Records what {@code getTerminator()} says inside each callback. */
    static final class CountWatcher extends AsyncChat {
        final List<String> events = new CopyOnWriteArrayList<>();

        CountWatcher(AcceptedConnection c) {
            super(c);
            setTerminator(Terminator.count(5));
        }

        @Override
        public void collectIncomingData(ByteBuffer data) {
            events.add("collect " + StandardCharsets.ISO_8859_1.decode(data) + " " + count());
        }

        @Override
        public void foundTerminator() {
            events.add("found " + count());
        }

        private long count() {
            return ((Terminator.Count) getTerminator()).count();
        }
    }

    /** The sequence CPython 3.11's asynchat prints for count(5) fed "abc", "de", then "xy". */
    @Test
    void insideCollectTheCountStillIncludesTheDataBeingCollected() throws Exception {
        LoopThread t = startLoop();
        List<CountWatcher> channels = new CopyOnWriteArrayList<>();
        Server server = onLoop(t, () -> listen(t.loop, c -> {
            CountWatcher w = new CountWatcher(c);
            channels.add(w);
            return w;
        }));
        Socket client = connect(server.port());
        OutputStream out = client.getOutputStream();
        out.write(bytes("abc"));
        await("abc collected", () -> channels.size() == 1 && channels.get(0).events.size() == 1);
        out.write(bytes("de"));
        await("de collected and the count fired", () -> channels.get(0).events.size() == 3);
        out.write(bytes("xy"));
        await("xy collected", () -> channels.get(0).events.size() == 4);
        assertEquals(List.of("collect abc 5", "collect de 2", "found 0", "collect xy 0"), channels.get(0).events);
    }
}

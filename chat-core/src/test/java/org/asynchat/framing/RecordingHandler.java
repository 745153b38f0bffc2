package org.asynchat.framing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link FrameHandler} that records frames the way CPython's test_asynchat client does:
 * collected data is appended to a buffer, and each terminator moves the buffer to a list.
 */
final class RecordingHandler implements FrameHandler {
    final List<byte[]> frames = new ArrayList<>();
    final ByteArrayOutputStream current = new ByteArrayOutputStream();
    int collects;
    int emptyCollects;
    /** Runs inside foundTerminator, with the frame number (0-based), e.g. to switch terminators. */
    Consumer<Integer> onTerminator = n -> { };

    @Override
    public void collectIncomingData(ByteBuffer data) {
        collects++;
        if (!data.hasRemaining()) {
            emptyCollects++;
        }
        byte[] b = new byte[data.remaining()];
        data.get(b);
        current.writeBytes(b);
    }

    @Override
    public void foundTerminator() {
        frames.add(current.toByteArray());
        current.reset();
        onTerminator.accept(frames.size() - 1);
    }

    List<String> frameStrings() {
        List<String> out = new ArrayList<>();
        for (byte[] f : frames) {
            out.add(new String(f, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    String pending() {
        return current.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}

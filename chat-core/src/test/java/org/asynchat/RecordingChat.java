package org.asynchat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An AsyncChat that records its callbacks as lines, in order, for the socket-free tests. */
class RecordingChat extends AsyncChat {
    final List<String> events = new ArrayList<>();

    RecordingChat(AcceptedConnection connection) {
        super(connection);
    }

    RecordingChat(EventLoop loop) {
        super(loop);
    }

    @Override
    public void collectIncomingData(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        events.add("collect " + new String(bytes, StandardCharsets.ISO_8859_1).replace("\r", "\\r"));
    }

    @Override
    public void foundTerminator() {
        events.add("terminator");
    }

    @Override
    protected void handleConnect() {
        events.add("connect");
    }

    @Override
    protected void handlePeerShutdown() {
        events.add("peer shutdown");
        super.handlePeerShutdown();
    }

    @Override
    protected void handleClose() {
        events.add("close");
        super.handleClose();
    }

    @Override
    protected void handleError(Throwable error) {
        events.add("error " + error.getClass().getSimpleName());
        super.handleError(error);
    }
}

package org.asynchat.examples.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

import org.asynchat.EventLoopGroup;
import org.asynchat.GroupListener;
import org.asynchat.examples.Example;
import org.asynchat.examples.Flag;
import org.asynchat.examples.Options;
import org.asynchat.examples.support.Listener;

/**
 * An HTTP/1.1 file server: GET and HEAD for files under {@code --root}, POST to
 * {@code /echo} answers with the request body. Keep-alive, pipelining, chunked request
 * bodies, HTTP/1.0.
 *
 * <pre>
 * java -jar chat-examples.jar http --port 8080 --root ./site
 * curl -v http://127.0.0.1:8080/index.html
 * curl --data-binary @photo.jpg http://127.0.0.1:8080/echo -o copy.jpg
 * </pre>
 */
public final class HttpExample implements Example {

    /** The shortest --max-line: a request line such as {@code GET /index.html HTTP/1.1} fits. */
    static final int MIN_LINE = 64;

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String description() {
        return "HTTP/1.1 file server (GET, HEAD) with POST /echo; keep-alive, pipelining, chunked uploads;"
                + " files up to 64 KiB are kept in memory and re-read after a second";
    }

    @Override
    public List<Flag> flags() {
        return List.of(
                new Flag("root", "DIR", "directory whose files are served", "."),
                new Flag("max-body", "SIZE", "largest request body accepted, e.g. 512k or 10m; larger gets 413", "10m"),
                new Flag("max-line", "SIZE", "longest request line or header line (and chunk-size or trailer line), not"
                        + " counting its CRLF, at most the 16k the whole head may take; a longer request line gets 414,"
                        + " a longer header or trailer line 431, a longer chunk-size line 400, and the connection closes",
                        "16k"));
    }

    @Override
    public GroupListener open(EventLoopGroup group, InetSocketAddress address, Options options) throws IOException {
        FileSite site = new FileSite(options.path("root"));
        long maxBody = options.bytes("max-body");
        int maxLine = options.bytes("max-line", MIN_LINE, HttpChannel.MAX_HEAD_BYTES);
        return Listener.open(group, address, options,
                connection -> new HttpChannel(connection, site, maxBody, maxLine));
    }
}

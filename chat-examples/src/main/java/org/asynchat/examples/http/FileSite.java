package org.asynchat.examples.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the server serves: files under a root directory (GET, HEAD) and an echo of the request
 * body at {@code /echo} (POST). Knows nothing of sockets; the channel hands it whole requests.
 */
final class FileSite {

    static final String ECHO_PATH = "/echo";

    /** The root, as a real path (symbolic links resolved), that no answer may leave. */
    private final Path root;
    private final SmallFileCache cache = new SmallFileCache();

    FileSite(Path root) throws IOException {
        this.root = root.toRealPath();
        if (!Files.isDirectory(this.root)) {
            throw new IOException("--root " + root + " is not a directory");
        }
    }

    Path root() {
        return root;
    }

    /** Answers a complete request; never throws for anything the client sent. */
    Response respond(HttpRequest request, byte[] body) {
        try {
            String path = decodePath(request.target);
            if (path.equals(ECHO_PATH)) {
                if (!request.method.equals("POST")) {
                    return Response.error(405, request.method + " is not allowed on " + ECHO_PATH + "; POST a body")
                            .header("Allow", "POST");
                }
                String type = request.header("content-type");
                return new Response(200).bytes(type != null ? type : "application/octet-stream", body);
            }
            if (!request.method.equals("GET") && !request.method.equals("HEAD")) {
                return Response.error(405, request.method + " is not allowed on files; use GET or HEAD")
                        .header("Allow", "GET, HEAD");
            }
            return serveFile(path);
        } catch (HttpError e) {
            return Response.error(e.status(), e.getMessage());
        }
    }

    private Response serveFile(String path) throws HttpError {
        SmallFileCache.Entry cached = cache.get(path, System.nanoTime());
        if (cached != null) {
            return new Response(200).header("Last-Modified", cached.lastModified()).bytes(cached.contentType(), cached.body());
        }
        Path file = root.resolve(path.substring(1));
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            cache.remove(path);
            throw new HttpError(404, path + " does not exist");
        } catch (IOException e) {
            throw new HttpError(404, path + " cannot be found: " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            // A symbolic link that points out of the root: as good as absent.
            throw new HttpError(404, path + " does not exist");
        }
        if (Files.isDirectory(real)) {
            if (!path.endsWith("/")) {
                String location = encodePath(path) + "/";
                return Response.error(301, "moved to " + location).header("Location", location);
            }
            Path index = real.resolve("index.html");
            if (Files.isRegularFile(index)) {
                return open(path, index);
            }
            cache.remove(path);
            return listing(path, real);
        }
        return open(path, real);
    }

    /** Serves a regular file; one of up to {@link SmallFileCache#MAX_FILE} bytes is read and kept. */
    private Response open(String path, Path file) throws HttpError {
        try {
            String type = MimeTypes.forFileName(file.getFileName().toString());
            String lastModified = Files.getLastModifiedTime(file).toInstant()
                    .atOffset(java.time.ZoneOffset.UTC)
                    .format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                long size = channel.size();
                if (size <= SmallFileCache.MAX_FILE) {
                    byte[] body = readAll(channel, (int) size);
                    channel.close();
                    cache.put(path, new SmallFileCache.Entry(body, type, lastModified, System.nanoTime()));
                    return new Response(200).header("Last-Modified", lastModified).bytes(type, body);
                }
                cache.remove(path);
                return new Response(200).header("Last-Modified", lastModified).file(type, channel, size);
            } catch (IOException | RuntimeException e) {
                channel.close(); // the response never got it
                throw e;
            }
        } catch (AccessDeniedException e) {
            throw new HttpError(403, "the server may not read this file");
        } catch (IOException e) {
            throw new HttpError(404, "the file cannot be read: " + e.getMessage());
        }
    }

    /** Reads a small file whole; shorter if it shrank since its size was taken. */
    private static byte[] readAll(FileChannel channel, int size) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(size);
        while (buf.hasRemaining() && channel.read(buf, buf.position()) >= 0) {
            // a regular file reads whole; the loop covers a short read
        }
        return buf.position() == size ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    private static Response listing(String path, Path directory) throws HttpError {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(p -> names.add(p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
        } catch (IOException e) {
            throw new HttpError(403, "the directory cannot be listed: " + e.getMessage());
        }
        names.sort(null);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<title>Index of ").append(escape(path))
                .append("</title>\n<h1>Index of ").append(escape(path)).append("</h1>\n<ul>\n");
        for (String name : names) {
            html.append("<li><a href=\"").append(escape(encodePath(name))).append("\">").append(escape(name))
                    .append("</a></li>\n");
        }
        html.append("</ul>\n");
        return new Response(200).bytes("text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Turns a request target into a decoded path that stays under the root: the query is
     * dropped, {@code %XX} escapes are decoded as UTF-8, and {@code .} and {@code ..}
     * segments (however encoded) are refused rather than resolved.
     */
    static String decodePath(String target) throws HttpError {
        String raw = target;
        if (raw.startsWith("http://") || raw.startsWith("https://")) {
            int slash = raw.indexOf('/', raw.indexOf("//") + 2); // absolute form, as sent to proxies
            raw = slash < 0 ? "/" : raw.substring(slash);
        }
        int query = raw.indexOf('?');
        if (query >= 0) {
            raw = raw.substring(0, query);
        }
        if (!raw.startsWith("/")) {
            throw new HttpError(400, "the request target must be a path starting with '/'");
        }
        String path = percentDecode(raw);
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            throw new HttpError(400, "the path may not contain NUL or backslash characters");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new HttpError(400, "the path may not contain '.' or '..' segments");
            }
        }
        return path;
    }

    private static String percentDecode(String raw) throws HttpError {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new HttpError(400, "bad percent-escape in the path; '%' must be followed by two hex digits");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new HttpError(400, "the path is not valid UTF-8 once percent-decoded");
        }
    }

    private static String encodePath(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

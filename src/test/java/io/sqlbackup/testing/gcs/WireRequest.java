package io.sqlbackup.testing.gcs;

import io.sqlbackup.stream.ReadThroughInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * One HTTP/1.1 request as read off a socket. Parsed by hand rather than through
 * {@code com.sun.net.httpserver}, because the fault injection needs what that server hides:
 * reading part of a body and then resetting the connection.
 */
final class WireRequest {

    final String method;
    final String rawPath;
    final String rawQuery;
    final Map<String, List<String>> query;
    private final Map<String, String> headers;
    /** The body as sent on the wire (length-delimited or chunked), before any content decoding. */
    private final InputStream wireBody;
    private InputStream body;

    private WireRequest(String method, String rawPath, String rawQuery, Map<String, String> headers, InputStream wireBody) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        this.query = parseQuery(rawQuery);
        this.headers = headers;
        this.wireBody = wireBody;
    }

    /** Reads the next request from a persistent connection; null when the client closed it between requests. */
    static WireRequest read(InputStream in) throws IOException {
        String requestLine = readLine(in, true);
        if (requestLine == null) {
            return null;
        }
        if (requestLine.isEmpty()) {
            requestLine = readLine(in, false);
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x request line: " + requestLine);
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line; !(line = readLine(in, false)).isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim(), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        String target = parts[1];
        if (target.startsWith("http://") || target.startsWith("https://")) {
            target = target.substring(target.indexOf('/', target.indexOf("//") + 2));
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? "" : target.substring(q + 1);
        InputStream wireBody;
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", ""))) {
            wireBody = new ChunkedBody(in);
        } else {
            long length = Long.parseLong(headers.getOrDefault("Content-Length", "0"));
            wireBody = new LengthBody(in, length);
        }
        return new WireRequest(parts[0].toUpperCase(Locale.ROOT), path, rawQuery, headers, wireBody);
    }

    String header(String name) {
        return headers.get(name);
    }

    Map<String, String> headers() {
        return headers;
    }

    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    Long longParam(String name) {
        String v = param(name);
        return v == null || v.isEmpty() ? null : Long.valueOf(v);
    }

    /** The body, decoded when the client compressed it ({@code Content-Encoding: gzip}). */
    InputStream body() throws IOException {
        if (body == null) {
            body = "gzip".equalsIgnoreCase(headers.getOrDefault("Content-Encoding", "")) ? new GZIPInputStream(wireBody)
                    : wireBody;
        }
        return body;
    }

    byte[] bodyBytes() throws IOException {
        return body().readAllBytes();
    }

    /** Reads whatever of the body the handler left, so the next request on the connection starts in the right place. */
    void drain() throws IOException {
        wireBody.transferTo(java.io.OutputStream.nullOutputStream());
    }

    boolean wantsClose() {
        return "close".equalsIgnoreCase(headers.getOrDefault("Connection", ""));
    }

    @Override
    public String toString() {
        String range = headers.get("Content-Range");
        return method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + (range == null ? "" : " [" + range + "]");
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** A CRLF-terminated line; null at a clean end of stream before any byte when {@code eofAllowed}. */
    static String readLine(InputStream in, boolean eofAllowed) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; ; ) {
            c = in.read();
            if (c < 0) {
                if (eofAllowed && line.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a request head");
            }
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) c);
        }
    }

    /** A body of known length. */
    private static final class LengthBody extends ReadThroughInputStream {
        private final InputStream in;
        private long remaining;

        LengthBody(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }


        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("connection closed with " + remaining + " body bytes still expected");
            }
            remaining -= n;
            return n;
        }
    }

    /** A {@code Transfer-Encoding: chunked} body. */
    private static final class ChunkedBody extends ReadThroughInputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedBody(InputStream in) {
            this.in = in;
        }


        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String sizeLine = readLine(in, false);
                int semi = sizeLine.indexOf(';');
                chunkLeft = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (chunkLeft == 0) {
                    while (!readLine(in, false).isEmpty()) {
                        // trailers are ignored
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                readLine(in, false);
            }
            return n;
        }
    }
}

package io.sqlbackup.testing.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response to write back: status, headers, and a body from memory or from a region of a file. */
final class WireResponse {

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] bytes = new byte[0];
    private Path file;
    private long offset;
    private long length;
    /** When non-negative, the connection is reset after this many body bytes (a fault). */
    long dropAfter = -1;

    WireResponse(int status) {
        this.status = status;
    }

    static WireResponse json(int status, String json) {
        WireResponse r = new WireResponse(status);
        r.headers.put("Content-Type", "application/json; charset=UTF-8");
        r.bytes = json.getBytes(StandardCharsets.UTF_8);
        return r;
    }

    static WireResponse empty(int status) {
        return new WireResponse(status);
    }

    WireResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    WireResponse fileBody(Path file, long offset, long length) {
        this.file = file;
        this.offset = offset;
        this.length = length;
        return this;
    }

    long bodyLength() {
        return file == null ? bytes.length : length;
    }

    /**
     * Writes the response; with {@link #dropAfter} set, writes only that many body bytes and
     * signals that the connection must be reset, as a network failure mid-download would.
     */
    void writeTo(OutputStream out, boolean headOnly) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(bodyLength()).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (headOnly) {
            out.flush();
            return;
        }
        long limit = dropAfter >= 0 ? Math.min(dropAfter, bodyLength()) : bodyLength();
        if (file == null) {
            out.write(bytes, 0, (int) limit);
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(offset);
                byte[] buffer = new byte[64 * 1024];
                long left = limit;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("object file shorter than recorded");
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        }
        out.flush();
        if (dropAfter >= 0) {
            throw new ConnectionDrop();
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 308 -> "Resume Incomplete";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 416 -> "Requested Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 499 -> "Client Closed Request";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    /** Thrown to make the connection handler reset the socket instead of answering. */
    static final class ConnectionDrop extends RuntimeException {
        ConnectionDrop() {
            super("connection dropped by fault injection", null, false, false);
        }
    }
}

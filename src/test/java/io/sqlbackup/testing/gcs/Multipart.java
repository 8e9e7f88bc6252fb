package io.sqlbackup.testing.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqlbackup.testing.gcs.GcsStore.GcsError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/related} upload body: the object resource as JSON, then the bytes. Held in
 * memory: clients send only small objects this way (large ones go through resumable uploads).
 */
final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    private Multipart() {
    }

    /** Parses the body, writes the media part to {@code data} and returns the resource part. */
    static JsonNode split(String contentType, byte[] body, Path data) throws IOException {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (contentType == null || !contentType.startsWith("multipart/related") || !m.find()) {
            throw new GcsError(400, "invalid", "multipart upload without a multipart/related boundary: " + contentType);
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new GcsError(400, "invalid", "multipart body without its boundary");
        }
        byte[][] parts = new byte[2][];
        for (int i = 0; i < 2; i++) {
            int headStart = lineEnd(body, at + delimiter.length);
            int contentStart = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headStart - 2) + 4;
            int next = indexOf(body, concat("\r\n".getBytes(StandardCharsets.ISO_8859_1), delimiter), contentStart);
            if (contentStart < 4 || next < 0) {
                throw new GcsError(400, "invalid", "multipart body with fewer than two parts");
            }
            parts[i] = Arrays.copyOfRange(body, contentStart, next);
            at = next + 2;
        }
        Files.write(data, parts[1]);
        return GcsJson.MAPPER.readTree(parts[0]);
    }

    private static int lineEnd(byte[] body, int from) {
        int crlf = indexOf(body, new byte[] {'\r', '\n'}, from);
        return crlf < 0 ? body.length : crlf + 2;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

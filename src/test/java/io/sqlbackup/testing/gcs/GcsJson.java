package io.sqlbackup.testing.gcs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/** Resources and errors in the shapes of the GCS JSON API (int64 values as strings, RFC 3339 times). */
final class GcsJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private GcsJson() {
    }

    static String time(Instant instant) {
        return RFC3339.format(instant);
    }

    static ObjectNode object(String baseUrl, GcsStore.GcsObject o, boolean wrongCrc32c) {
        ObjectNode n = MAPPER.createObjectNode();
        String encoded = URLEncoder.encode(o.name, StandardCharsets.UTF_8).replace("+", "%20");
        n.put("kind", "storage#object");
        n.put("id", o.bucket + "/" + o.name + "/" + o.generation);
        n.put("selfLink", baseUrl + "/storage/v1/b/" + o.bucket + "/o/" + encoded);
        n.put("mediaLink", baseUrl + "/download/storage/v1/b/" + o.bucket + "/o/" + encoded + "?generation=" + o.generation
                + "&alt=media");
        n.put("name", o.name);
        n.put("bucket", o.bucket);
        n.put("generation", Long.toString(o.generation));
        n.put("metageneration", Long.toString(o.metageneration));
        n.put("contentType", o.contentType);
        n.put("storageClass", "STANDARD");
        n.put("size", Long.toString(o.size));
        n.put("md5Hash", o.md5);
        n.put("crc32c", crc32c(o, wrongCrc32c));
        n.put("etag", etag(o));
        n.put("timeCreated", time(o.created));
        n.put("updated", time(o.updated));
        n.put("timeStorageClassUpdated", time(o.created));
        if (!o.metadata.isEmpty()) {
            ObjectNode metadata = n.putObject("metadata");
            o.metadata.forEach(metadata::put);
        }
        return n;
    }

    static String crc32c(GcsStore.GcsObject o, boolean wrong) {
        if (!wrong) {
            return o.crc32c;
        }
        int real = java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(o.crc32c)).getInt();
        return GcsStore.Digests.crc32c(~real);
    }

    static String etag(GcsStore.GcsObject o) {
        return Base64.getEncoder().encodeToString((o.generation + "/" + o.metageneration).getBytes(StandardCharsets.US_ASCII));
    }

    static ObjectNode bucket(GcsStore.Bucket b) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", "storage#bucket");
        n.put("id", b.name);
        n.put("name", b.name);
        n.put("projectNumber", "1");
        n.put("metageneration", "1");
        n.put("location", "US");
        n.put("storageClass", "STANDARD");
        n.put("locationType", "multi-region");
        n.put("timeCreated", time(b.created));
        n.put("updated", time(b.created));
        n.put("etag", "CAE=");
        return n;
    }

    static ObjectNode list(List<ObjectNode> items, List<String> prefixes, String nextPageToken) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", "storage#objects");
        if (nextPageToken != null) {
            n.put("nextPageToken", nextPageToken);
        }
        if (!prefixes.isEmpty()) {
            ArrayNode p = n.putArray("prefixes");
            prefixes.forEach(p::add);
        }
        if (!items.isEmpty()) {
            ArrayNode i = n.putArray("items");
            items.forEach(i::add);
        }
        return n;
    }

    static ObjectNode permissions(List<String> granted) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("kind", "storage#testIamPermissionsResponse");
        ArrayNode p = n.putArray("permissions");
        granted.forEach(p::add);
        return n;
    }

    static String error(int status, String reason, String message) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode error = n.putObject("error");
        error.put("code", status);
        error.put("message", message);
        ObjectNode detail = error.putArray("errors").addObject();
        detail.put("message", message);
        detail.put("domain", "global");
        detail.put("reason", reason);
        return n.toString();
    }

    static String reasonFor(int status) {
        return switch (status) {
            case 401 -> "required";
            case 403 -> "forbidden";
            case 404 -> "notFound";
            case 412 -> "conditionNotMet";
            case 429 -> "rateLimitExceeded";
            case 500 -> "internalError";
            default -> "backendError";
        };
    }
}

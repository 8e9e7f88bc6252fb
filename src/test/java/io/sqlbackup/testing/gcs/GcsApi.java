package io.sqlbackup.testing.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlbackup.testing.gcs.GcsFaults.Action;
import io.sqlbackup.testing.gcs.GcsFaults.Kind;
import io.sqlbackup.testing.gcs.GcsStore.GcsError;
import io.sqlbackup.testing.gcs.GcsStore.GcsObject;
import io.sqlbackup.testing.gcs.GcsStore.Preconditions;
import io.sqlbackup.testing.gcs.GcsStore.UploadSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GCS JSON API routes the google-cloud-storage client uses: bucket get and testIamPermissions,
 * object get/list/patch/update/delete, media download with ranges, resumable, multipart and media
 * uploads. Faults are applied here, per request kind, before a request is served.
 */
final class GcsApi {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final GcsStore store;
    private final GcsFaults faults;
    private final Supplier<String> baseUrl;
    private final IntSupplier maxPageSize;

    GcsApi(GcsStore store, GcsFaults faults, Supplier<String> baseUrl, IntSupplier maxPageSize) {
        this.store = store;
        this.faults = faults;
        this.baseUrl = baseUrl;
        this.maxPageSize = maxPageSize;
    }

    /** Serves one request. Throws {@link WireResponse.ConnectionDrop} when a fault resets the connection. */
    WireResponse handle(WireRequest request) throws IOException {
        String method = request.header("X-HTTP-Method-Override") != null ? request.header("X-HTTP-Method-Override")
                : request.method;
        List<String> path = segments(request.rawPath);
        try {
            Route route = route(method, path, request);
            Action action = faults.next(route.kind);
            if (!action.delay().isZero()) {
                sleep(action.delay().toMillis());
            }
            if (action.respondsWithError()) {
                request.drain();
                return error(action.status(), GcsJson.reasonFor(action.status()), "injected fault: HTTP " + action.status());
            }
            if (action.drops() && route.kind != Kind.CHUNK && route.kind != Kind.DOWNLOAD && route.kind != Kind.SIMPLE_UPLOAD) {
                request.drain();
                throw new WireResponse.ConnectionDrop();
            }
            WireResponse response = route.serve(action);
            if (action.losesAnswer()) {
                request.drain();
                throw new WireResponse.ConnectionDrop();
            }
            return response;
        } catch (GcsError e) {
            request.drain();
            return error(e.status, e.reason, e.getMessage());
        }
    }

    private interface Handler {
        WireResponse serve(Action action) throws IOException;
    }

    private record Route(Kind kind, Handler handler) {
        WireResponse serve(Action action) throws IOException {
            return handler.serve(action);
        }
    }

    private Route route(String method, List<String> p, WireRequest request) {
        // upload/storage/v1/b/{bucket}/o
        if (p.size() == 6 && p.get(0).equals("upload") && isStorageV1(p, 1) && p.get(5).equals("o")) {
            String bucket = p.get(4);
            String uploadId = request.param("upload_id");
            if (uploadId != null) {
                if (method.equals("DELETE")) {
                    return new Route(Kind.SESSION_CANCEL, a -> cancel(uploadId));
                }
                boolean carriesBytes = request.header("Content-Range") == null ? !"0".equals(request.header("Content-Length"))
                        : !request.header("Content-Range").startsWith("bytes */");
                return new Route(carriesBytes ? Kind.CHUNK : Kind.SESSION_QUERY, a -> chunk(request, store.session(uploadId), a));
            }
            String uploadType = request.param("uploadType");
            if (method.equals("POST") && "resumable".equals(uploadType)) {
                return new Route(Kind.SESSION_START, a -> startSession(request, bucket));
            }
            if (method.equals("POST") && ("multipart".equals(uploadType) || "media".equals(uploadType))) {
                return new Route(Kind.SIMPLE_UPLOAD, a -> simpleUpload(request, bucket, uploadType, a));
            }
        }
        // download/storage/v1/b/{bucket}/o/{object}
        if (p.size() >= 7 && p.get(0).equals("download") && isStorageV1(p, 1) && p.get(5).equals("o") && method.equals("GET")) {
            String bucket = p.get(4);
            String name = objectName(p, 6);
            return new Route(Kind.DOWNLOAD, a -> download(request, bucket, name, a));
        }
        if (p.size() >= 4 && isStorageV1(p, 0)) {
            String bucket = p.get(3);
            if (p.size() == 4 && method.equals("GET")) {
                return new Route(Kind.BUCKET_GET, a -> WireResponse.json(200, GcsJson.bucket(store.bucket(bucket)).toString()));
            }
            if (p.size() == 6 && p.get(4).equals("iam") && p.get(5).equals("testPermissions") && method.equals("GET")) {
                return new Route(Kind.PERMISSIONS, a -> permissions(request, bucket));
            }
            if (p.size() == 5 && p.get(4).equals("o") && method.equals("GET")) {
                return new Route(Kind.LIST, a -> list(request, bucket));
            }
            if (p.size() >= 6 && p.get(4).equals("o")) {
                String name = objectName(p, 5);
                switch (method) {
                    case "GET":
                        if ("media".equals(request.param("alt"))) {
                            return new Route(Kind.DOWNLOAD, a -> download(request, bucket, name, a));
                        }
                        return new Route(Kind.OBJECT_GET, a -> getObject(request, bucket, name));
                    case "DELETE":
                        return new Route(Kind.OBJECT_DELETE, a -> deleteObject(request, bucket, name));
                    case "PATCH":
                    case "PUT":
                        return new Route(Kind.OBJECT_UPDATE, a -> updateObject(request, bucket, name, method.equals("PUT")));
                    default:
                        break;
                }
            }
        }
        throw new GcsError(404, "notFound", "the test server does not serve " + method + " " + request.rawPath);
    }

    private static boolean isStorageV1(List<String> p, int at) {
        return p.size() > at + 2 && p.get(at).equals("storage") && p.get(at + 1).equals("v1") && p.get(at + 2).equals("b");
    }

    // ---- uploads

    private WireResponse startSession(WireRequest request, String bucket) throws IOException {
        store.bucket(bucket);
        byte[] body = request.bodyBytes();
        JsonNode resource = body.length == 0 ? GcsJson.MAPPER.createObjectNode() : GcsJson.MAPPER.readTree(body);
        String name = request.param("name") != null ? request.param("name") : text(resource, "name");
        if (name == null || name.isEmpty()) {
            throw new GcsError(400, "required", "Required: object name");
        }
        String contentType = text(resource, "contentType");
        if (contentType == null) {
            contentType = request.header("X-Upload-Content-Type");
        }
        UploadSession session = store.openSession(bucket, name, contentType, metadataOf(resource),
                Preconditions.of(request));
        return WireResponse.empty(200)
                .header("Location", baseUrl.get() + "/upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&upload_id="
                        + session.id)
                .header("X-GUploader-UploadID", session.id);
    }

    private WireResponse cancel(String uploadId) {
        store.cancelSession(uploadId);
        return error(499, "clientClosedRequest", "Upload cancelled");
    }

    /**
     * A PUT to a session: bytes (Content-Range {@code bytes A-B/TOTAL} or {@code /*}) or a status
     * query ({@code bytes * /TOTAL} or {@code * /*}). Answers 308 with the committed range while
     * incomplete, the object once final.
     */
    private WireResponse chunk(WireRequest request, UploadSession session, Action action) throws IOException {
        String header = request.header("Content-Range");
        Long first = null;
        Long last = null;
        Long total = null;
        if (header == null) {
            long length = Long.parseLong(request.headers().getOrDefault("Content-Length", "0"));
            if (length > 0) {
                first = 0L;
                last = length - 1;
            }
            total = length;
        } else {
            Matcher m = CONTENT_RANGE.matcher(header.trim());
            if (!m.matches()) {
                throw new GcsError(400, "invalid", "Failed to parse Content-Range header: " + header);
            }
            if (m.group(1) != null) {
                first = Long.parseLong(m.group(1));
                last = Long.parseLong(m.group(2));
            }
            total = m.group(3).equals("*") ? null : Long.parseLong(m.group(3));
        }
        synchronized (session) {
            if (session.result != null) {
                request.drain();
                return objectResponse(session.result);
            }
            if (first != null) {
                if (first > session.committed) {
                    throw new GcsError(400, "invalid", "Invalid request. There were " + session.committed
                            + " byte(s) persisted, but the request starts at byte " + first);
                }
                receive(request, session, first, action);
            } else {
                request.drain();
            }
            if (total != null && session.committed == total) {
                try {
                    return objectResponse(store.finalise(session));
                } catch (GcsError e) {
                    store.cancelSession(session.id);
                    throw e;
                }
            }
            if (total != null && session.committed > total) {
                throw new GcsError(400, "invalid", "Invalid request: " + session.committed
                        + " byte(s) were persisted but the upload claims " + total);
            }
            // Only whole units are persisted until the final request.
            session.committed -= session.committed % GcsStore.UPLOAD_UNIT;
            truncate(session);
            WireResponse incomplete = WireResponse.empty(308);
            if (session.committed > 0) {
                incomplete.header("Range", "bytes=0-" + (session.committed - 1));
            }
            return incomplete;
        }
    }

    /** Appends the request's bytes beyond what is committed; a drop fault keeps whole units of what arrived. */
    private void receive(WireRequest request, UploadSession session, long first, Action action) throws IOException {
        InputStream body = request.body();
        long skip = session.committed - first;
        long readSoFar = 0;
        long limit = action.drops() ? action.dropAfter() : Long.MAX_VALUE;
        try (FileChannel channel = FileChannel.open(session.file, StandardOpenOption.WRITE)) {
            channel.truncate(session.committed);
            channel.position(session.committed);
            OutputStream out = Channels.newOutputStream(channel);
            byte[] buffer = new byte[64 * 1024];
            while (readSoFar < limit) {
                int n = body.read(buffer, 0, (int) Math.min(buffer.length, limit - readSoFar));
                if (n < 0) {
                    break;
                }
                int from = (int) Math.max(0, Math.min(n, skip - readSoFar));
                if (from < n) {
                    out.write(buffer, from, n - from);
                    session.committed += n - from;
                }
                readSoFar += n;
            }
            out.flush();
        }
        if (action.drops()) {
            session.committed -= session.committed % GcsStore.UPLOAD_UNIT;
            truncate(session);
            throw new WireResponse.ConnectionDrop();
        }
    }

    private static void truncate(UploadSession session) throws IOException {
        try (FileChannel channel = FileChannel.open(session.file, StandardOpenOption.WRITE)) {
            channel.truncate(session.committed);
        }
    }

    private WireResponse simpleUpload(WireRequest request, String bucket, String uploadType, Action action) throws IOException {
        store.bucket(bucket);
        if (action.drops()) {
            request.body().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, action.dropAfter()));
            throw new WireResponse.ConnectionDrop();
        }
        Path data = store.newFile("upload");
        try {
            JsonNode resource;
            if (uploadType.equals("media")) {
                try (OutputStream out = Files.newOutputStream(data)) {
                    request.body().transferTo(out);
                }
                resource = GcsJson.MAPPER.createObjectNode();
            } else {
                resource = Multipart.split(request.header("Content-Type"), request.bodyBytes(), data);
            }
            String name = request.param("name") != null ? request.param("name") : text(resource, "name");
            if (name == null || name.isEmpty()) {
                throw new GcsError(400, "required", "Required: object name");
            }
            String contentType = text(resource, "contentType");
            return objectResponse(store.publish(bucket, name, data, contentType, metadataOf(resource), Preconditions.of(request)));
        } finally {
            GcsStore.deleteFile(data);
        }
    }

    // ---- reads

    private WireResponse getObject(WireRequest request, String bucket, String name) {
        GcsObject object = store.object(bucket, name, request.longParam("generation"));
        if (!Preconditions.of(request).holdFor(object)) {
            throw GcsError.preconditionFailed();
        }
        return objectResponse(object);
    }

    private WireResponse download(WireRequest request, String bucket, String name, Action action) {
        GcsObject object = store.object(bucket, name, request.longParam("generation"));
        if (!Preconditions.of(request).holdFor(object)) {
            throw GcsError.preconditionFailed();
        }
        long from = 0;
        long to = object.size - 1;
        int status = 200;
        String range = request.header("Range");
        if (range != null && object.size > 0) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
                throw new GcsError(400, "invalid", "bad Range header: " + range);
            }
            if (m.group(1).isEmpty()) {
                from = Math.max(0, object.size - Long.parseLong(m.group(2)));
            } else {
                from = Long.parseLong(m.group(1));
                if (!m.group(2).isEmpty()) {
                    to = Math.min(to, Long.parseLong(m.group(2)));
                }
            }
            if (from >= object.size) {
                throw new GcsError(416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
            }
            status = 206;
        }
        boolean wrongCrc = faults.reportsWrongCrc32c(object.name);
        WireResponse response = new WireResponse(status)
                .header("Content-Type", object.contentType)
                .header("Accept-Ranges", "bytes")
                .header("ETag", GcsJson.etag(object))
                .header("x-goog-generation", Long.toString(object.generation))
                .header("x-goog-metageneration", Long.toString(object.metageneration))
                .header("x-goog-stored-content-length", Long.toString(object.size))
                .header("x-goog-stored-content-encoding", "identity")
                .header("x-goog-storage-class", "STANDARD")
                .header("x-goog-hash", "crc32c=" + GcsJson.crc32c(object, wrongCrc) + ",md5=" + object.md5)
                .fileBody(object.file, from, Math.max(0, to - from + 1));
        if (status == 206) {
            response.header("Content-Range", "bytes " + from + "-" + to + "/" + object.size);
        }
        if (action.drops()) {
            response.dropAfter = action.dropAfter();
        }
        return response;
    }

    private WireResponse list(WireRequest request, String bucket) {
        String prefix = request.param("prefix") == null ? "" : request.param("prefix");
        String delimiter = request.param("delimiter");
        String startAfter = request.param("pageToken") == null ? null
                : new String(Base64.getUrlDecoder().decode(request.param("pageToken")), StandardCharsets.UTF_8);
        String startOffset = request.param("startOffset");
        String endOffset = request.param("endOffset");
        int pageSize = request.param("maxResults") == null ? 1000 : Integer.parseInt(request.param("maxResults"));
        pageSize = Math.max(1, Math.min(pageSize, maxPageSize.getAsInt()));
        List<ObjectNode> items = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String lastKey = null;
        boolean more = false;
        synchronized (store) {
            GcsStore.Bucket b = store.bucket(bucket);
            Iterator<GcsObject> objects = b.objects.tailMap(prefix, true).values().iterator();
            while (objects.hasNext()) {
                GcsObject o = objects.next();
                if (!o.name.startsWith(prefix)) {
                    break;
                }
                if (startOffset != null && o.name.compareTo(startOffset) < 0 || endOffset != null && o.name.compareTo(endOffset) >= 0) {
                    continue;
                }
                String key = o.name;
                boolean isPrefix = false;
                if (delimiter != null && !delimiter.isEmpty()) {
                    int at = o.name.indexOf(delimiter, prefix.length());
                    if (at >= 0) {
                        key = o.name.substring(0, at + delimiter.length());
                        isPrefix = true;
                    }
                }
                if (startAfter != null && key.compareTo(startAfter) <= 0 || key.equals(lastKey)) {
                    continue;
                }
                if (items.size() + prefixes.size() == pageSize) {
                    more = true;
                    break;
                }
                if (isPrefix) {
                    prefixes.add(key);
                } else {
                    items.add(GcsJson.object(baseUrl.get(), o, faults.reportsWrongCrc32c(o.name)));
                }
                lastKey = key;
            }
        }
        String next = more ? Base64.getUrlEncoder().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8)) : null;
        return WireResponse.json(200, GcsJson.list(items, prefixes, next).toString());
    }

    private WireResponse permissions(WireRequest request, String bucket) {
        GcsStore.Bucket b = store.bucket(bucket);
        List<String> granted = new ArrayList<>();
        synchronized (store) {
            for (String permission : request.params("permissions")) {
                if (!b.revokedPermissions.contains(permission)) {
                    granted.add(permission);
                }
            }
        }
        return WireResponse.json(200, GcsJson.permissions(granted).toString());
    }

    // ---- changes

    private WireResponse deleteObject(WireRequest request, String bucket, String name) {
        store.delete(bucket, name, request.longParam("generation"), Preconditions.of(request));
        return WireResponse.empty(204);
    }

    private WireResponse updateObject(WireRequest request, String bucket, String name, boolean replace) throws IOException {
        byte[] body = request.bodyBytes();
        JsonNode resource = body.length == 0 ? GcsJson.MAPPER.createObjectNode() : GcsJson.MAPPER.readTree(body);
        boolean metadataPresent = resource.has("metadata");
        Map<String, String> metadata = metadataPresent ? metadataOf(resource) : null;
        GcsObject updated = store.update(bucket, name, request.longParam("generation"), Preconditions.of(request), metadata,
                metadataPresent, text(resource, "contentType"), replace);
        return objectResponse(updated);
    }

    // ---- helpers

    private WireResponse objectResponse(GcsObject object) {
        boolean wrongCrc = faults.reportsWrongCrc32c(object.name);
        // Metadata updates change the object in place under the store's lock.
        synchronized (store) {
            return WireResponse.json(200, GcsJson.object(baseUrl.get(), object, wrongCrc).toString());
        }
    }

    private static WireResponse error(int status, String reason, String message) {
        return WireResponse.json(status, GcsJson.error(status, reason, message));
    }

    /** Custom metadata of a resource; a null map stays null, null values stay (they mean "remove" in a patch). */
    private static Map<String, String> metadataOf(JsonNode resource) {
        JsonNode node = resource.get("metadata");
        if (node == null || node.isNull()) {
            return null;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return metadata;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Path segments, still percent-encoded (an object name's own slashes arrive as %2F). */
    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static String objectName(List<String> p, int from) {
        String raw = String.join("/", p.subList(from, p.size()));
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.sqlbackup.testing.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The server's state: buckets, their objects (bytes in files under a temporary directory) and
 * open resumable upload sessions. Object maps are guarded by this store's lock; a session's
 * bytes by the session's own lock, so a slow chunk does not hold up other requests.
 */
final class GcsStore {

    /** GCS persists resumable uploads in whole units of this size, except the last. */
    static final long UPLOAD_UNIT = 256 * 1024;

    static final class Bucket {
        final String name;
        final Instant created = Instant.now();
        final NavigableMap<String, GcsObject> objects = new TreeMap<>();
        final Set<String> revokedPermissions = new HashSet<>();

        Bucket(String name) {
            this.name = name;
        }
    }

    /** One live object generation. Replaced, never changed in place, except for metadata updates. */
    static final class GcsObject {
        final String bucket;
        final String name;
        final Path file;
        final long size;
        final String crc32c;
        final String md5;
        final long generation;
        final Instant created;
        long metageneration = 1;
        Instant updated;
        String contentType;
        final Map<String, String> metadata = new TreeMap<>();

        GcsObject(String bucket, String name, Path file, long size, String crc32c, String md5, long generation,
                  String contentType, Map<String, String> metadata) {
            this.bucket = bucket;
            this.name = name;
            this.file = file;
            this.size = size;
            this.crc32c = crc32c;
            this.md5 = md5;
            this.generation = generation;
            this.created = Instant.now();
            this.updated = created;
            this.contentType = contentType == null ? "application/octet-stream" : contentType;
            if (metadata != null) {
                this.metadata.putAll(metadata);
            }
        }
    }

    /** A resumable upload: bytes committed so far live in {@link #file}. */
    static final class UploadSession {
        final String id = UUID.randomUUID().toString().replace("-", "");
        final String bucket;
        final String name;
        final String contentType;
        final Map<String, String> metadata;
        final Preconditions preconditions;
        final Path file;
        long committed;
        GcsObject result;

        UploadSession(String bucket, String name, String contentType, Map<String, String> metadata, Preconditions preconditions,
                      Path file) {
            this.bucket = bucket;
            this.name = name;
            this.contentType = contentType;
            this.metadata = metadata;
            this.preconditions = preconditions;
            this.file = file;
        }
    }

    /** The if(Meta)Generation(Not)Match query parameters of a request. */
    record Preconditions(Long ifGenerationMatch, Long ifGenerationNotMatch, Long ifMetagenerationMatch,
                         Long ifMetagenerationNotMatch) {

        static Preconditions of(WireRequest request) {
            return new Preconditions(request.longParam("ifGenerationMatch"), request.longParam("ifGenerationNotMatch"),
                    request.longParam("ifMetagenerationMatch"), request.longParam("ifMetagenerationNotMatch"));
        }

        /** Whether the live object (null when absent) satisfies these conditions. */
        boolean holdFor(GcsObject live) {
            long generation = live == null ? 0 : live.generation;
            if (ifGenerationMatch != null && ifGenerationMatch != generation) {
                return false;
            }
            if (ifGenerationNotMatch != null && ifGenerationNotMatch == generation) {
                return false;
            }
            if (live == null) {
                return ifMetagenerationMatch == null;
            }
            if (ifMetagenerationMatch != null && ifMetagenerationMatch != live.metageneration) {
                return false;
            }
            return ifMetagenerationNotMatch == null || ifMetagenerationNotMatch != live.metageneration;
        }
    }

    /** Raised for a request GCS would refuse; carries the HTTP status and GCS's error reason. */
    static final class GcsError extends RuntimeException {
        final int status;
        final String reason;

        GcsError(int status, String reason, String message) {
            super(message, null, false, false);
            this.status = status;
            this.reason = reason;
        }

        static GcsError noBucket(String bucket) {
            return new GcsError(404, "notFound", "The specified bucket does not exist.");
        }

        static GcsError noObject(String bucket, String name) {
            return new GcsError(404, "notFound", "No such object: " + bucket + "/" + name);
        }

        static GcsError preconditionFailed() {
            return new GcsError(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
        }
    }

    private final Path directory;
    private final Map<String, Bucket> buckets = new TreeMap<>();
    private final Map<String, UploadSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong(System.currentTimeMillis() * 1000);
    private final AtomicLong cancelled = new AtomicLong();

    GcsStore(Path directory) {
        this.directory = directory;
    }

    synchronized void createBucket(String name) {
        buckets.computeIfAbsent(name, Bucket::new);
    }

    synchronized Bucket bucket(String name) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            throw GcsError.noBucket(name);
        }
        return bucket;
    }

    synchronized GcsObject object(String bucket, String name, Long generation) {
        GcsObject object = bucket(bucket).objects.get(name);
        if (object == null || generation != null && generation != object.generation) {
            throw GcsError.noObject(bucket, name);
        }
        return object;
    }

    synchronized GcsObject objectOrNull(String bucket, String name) {
        Bucket b = buckets.get(bucket);
        return b == null ? null : b.objects.get(name);
    }

    synchronized List<String> objectNames(String bucket) {
        return new ArrayList<>(bucket(bucket).objects.keySet());
    }

    synchronized void checkPreconditions(String bucket, String name, Preconditions preconditions) {
        if (!preconditions.holdFor(bucket(bucket).objects.get(name))) {
            throw GcsError.preconditionFailed();
        }
    }

    synchronized void delete(String bucket, String name, Long generation, Preconditions preconditions) {
        GcsObject live = object(bucket, name, generation);
        if (!preconditions.holdFor(live)) {
            throw GcsError.preconditionFailed();
        }
        bucket(bucket).objects.remove(name);
        deleteFile(live.file);
    }

    /**
     * Applies a metadata change: with {@code replace} (PUT) the given map is the new metadata; as a
     * patch, keys are merged and a null value removes a key, as the JSON API does.
     */
    synchronized GcsObject update(String bucket, String name, Long generation, Preconditions preconditions,
                                  Map<String, String> metadata, boolean metadataPresent, String contentType, boolean replace) {
        GcsObject live = object(bucket, name, generation);
        if (!preconditions.holdFor(live)) {
            throw GcsError.preconditionFailed();
        }
        if (replace) {
            live.metadata.clear();
        }
        if (metadataPresent) {
            if (metadata == null) {
                live.metadata.clear();
            } else {
                metadata.forEach((k, v) -> {
                    if (v == null) {
                        live.metadata.remove(k);
                    } else {
                        live.metadata.put(k, v);
                    }
                });
            }
        }
        if (contentType != null) {
            live.contentType = contentType;
        }
        live.metageneration++;
        live.updated = Instant.now();
        return live;
    }

    UploadSession openSession(String bucket, String name, String contentType, Map<String, String> metadata,
                              Preconditions preconditions) {
        checkPreconditions(bucket, name, preconditions);
        UploadSession session = new UploadSession(bucket, name, contentType, metadata, preconditions, newFile("session"));
        sessions.put(session.id, session);
        return session;
    }

    UploadSession session(String id) {
        UploadSession session = id == null ? null : sessions.get(id);
        if (session == null) {
            throw new GcsError(404, "notFound", "No such upload session");
        }
        return session;
    }

    void cancelSession(String id) {
        UploadSession session = session(id);
        synchronized (session) {
            sessions.remove(id);
            if (session.result == null) {
                deleteFile(session.file);
                cancelled.incrementAndGet();
            }
        }
    }

    /** Sessions opened and neither finalised nor cancelled. */
    int openSessions() {
        return (int) sessions.values().stream().filter(s -> s.result == null).count();
    }

    long cancelledSessions() {
        return cancelled.get();
    }

    /** Turns a session's committed bytes into the live object, if its preconditions still hold. Caller holds the session lock. */
    GcsObject finalise(UploadSession session) {
        GcsObject object = publish(session.bucket, session.name, session.file, session.contentType, session.metadata,
                session.preconditions);
        session.result = object;
        return object;
    }

    /** Makes a file of complete bytes the live generation of {@code name}; the file is moved into the store. */
    GcsObject publish(String bucket, String name, Path source, String contentType, Map<String, String> metadata,
                      Preconditions preconditions) {
        Digests digests = Digests.of(source);
        Path file = newFile("object");
        try {
            Files.move(source, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            Bucket b = bucket(bucket);
            GcsObject live = b.objects.get(name);
            if (!preconditions.holdFor(live)) {
                deleteFile(file);
                throw GcsError.preconditionFailed();
            }
            GcsObject object = new GcsObject(bucket, name, file, digests.size, digests.crc32c, digests.md5,
                    generations.incrementAndGet(), contentType, metadata);
            b.objects.put(name, object);
            if (live != null) {
                deleteFile(live.file);
            }
            return object;
        }
    }

    Path newFile(String kind) {
        try {
            return Files.createTempFile(directory, kind + "-", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Size, CRC32C and MD5 of a file, encoded as the JSON API reports them (base64, big-endian CRC). */
    record Digests(long size, String crc32c, String md5) {

        static Digests of(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                CRC32C crc = new CRC32C();
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                byte[] buffer = new byte[256 * 1024];
                long size = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    crc.update(buffer, 0, n);
                    md5.update(buffer, 0, n);
                    size += n;
                }
                return new Digests(size, crc32c((int) crc.getValue()), Base64.getEncoder().encodeToString(md5.digest()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static String crc32c(int value) {
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt(value).array());
        }
    }
}

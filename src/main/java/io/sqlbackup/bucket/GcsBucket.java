package io.sqlbackup.bucket;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.StorageException;
import io.sqlbackup.config.Settings;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Google Cloud Storage bucket and prefix ({@code sqlbackup.bucket = gs://BUCKET/PREFIX}),
 * through the google-cloud-storage client's JSON API. Object {@code NAME} is stored as
 * {@code PREFIX/NAME}; its SHA-256 and the other {@link ObjectMetadata} are the object's custom
 * metadata. Uploads and downloads stream (see {@link GcsUpload}); every request is retried
 * with backoff as {@code sqlbackup.gcs.retries} and {@code sqlbackup.gcs.retry-delay} say.
 */
public final class GcsBucket implements Bucket {

    /** What a writer needs: create (upload), get and update (verify, record the digest), list, delete (retention, cleanup). */
    static final List<String> WRITER_PERMISSIONS = List.of("storage.objects.create", "storage.objects.get",
            "storage.objects.update", "storage.objects.list", "storage.objects.delete");
    /** Attempts at a metadata change when other writers keep changing the object in between. */
    private static final int METADATA_ATTEMPTS = 5;
    private static final int READ_CHUNK = 2 * 1024 * 1024;

    private final GcsSettings settings;
    private final Storage storage;
    private final GcsUploadSessions sessions;
    private final GcsErrors errors;

    private GcsBucket(GcsSettings settings, GcsClient.Connection connection) {
        this.settings = settings;
        this.storage = connection.storage();
        this.sessions = connection.sessions();
        this.errors = new GcsErrors(settings);
    }

    /** Opens the bucket {@code sqlbackup.bucket} names; contacts nothing yet (see {@link #checkWritable()}). */
    public static GcsBucket open(Settings settings) {
        GcsSettings gcs = GcsSettings.from(settings);
        return new GcsBucket(gcs, GcsClient.connect(gcs));
    }

    @Override
    public StoredObject put(String name, InputStream content, Map<String, String> metadata) {
        checkName(name);
        return describe(new GcsUpload(storage, sessions, settings, errors, name).run(content, metadata));
    }

    @Override
    public OpenedObject open(String name) {
        Blob blob = require(name);
        try {
            // Pinned to the generation just looked at, so a replaced object cannot mix into the stream.
            ReadChannel channel = storage.reader(BlobId.of(blob.getBucket(), blob.getName(), blob.getGeneration()));
            channel.setChunkSize(READ_CHUNK);
            return new OpenedObject(describe(blob), new GcsDownloadStream(channel, name, errors));
        } catch (RuntimeException e) {
            throw errors.translate(e, "opening " + name);
        }
    }

    @Override
    public StoredObject stat(String name) {
        return describe(require(name));
    }

    @Override
    public List<StoredObject> list() {
        String prefix = settings.listPrefix();
        List<StoredObject> objects = new ArrayList<>();
        try {
            // currentDirectory(): '/' as delimiter, so deeper "directories" come back as prefixes, not objects.
            Page<Blob> page = storage.list(settings.bucket(), BlobListOption.prefix(prefix), BlobListOption.currentDirectory());
            for (Blob blob : page.iterateAll()) {
                String name = blob.getName().substring(Math.min(prefix.length(), blob.getName().length()));
                if (blob.isDirectory() || name.isEmpty() || name.contains("/")) {
                    continue;
                }
                objects.add(describe(blob));
            }
        } catch (RuntimeException e) {
            throw errors.translate(e, "listing the objects");
        }
        return objects;
    }

    @Override
    public void checkReachable() {
        try {
            storage.list(settings.bucket(), BlobListOption.prefix(settings.listPrefix()), BlobListOption.pageSize(1));
        } catch (RuntimeException e) {
            throw errors.translate(e, "listing the objects");
        }
    }

    @Override
    public void delete(String name) {
        Blob blob = require(name);
        try {
            // With its generation the delete is idempotent, so the client retries it; false means a retry found it gone.
            storage.delete(BlobId.of(blob.getBucket(), blob.getName(), blob.getGeneration()));
        } catch (RuntimeException e) {
            throw errors.translate(e, "deleting " + name);
        }
    }

    @Override
    public void updateMetadata(String name, Map<String, String> changes) {
        for (int attempt = 1; ; attempt++) {
            Blob blob = require(name);
            Map<String, String> metadata = metadataOf(blob);
            metadata.putAll(changes);
            try {
                storage.update(blob.toBuilder().setMetadata(metadata).build(), Storage.BlobTargetOption.generationMatch(),
                        Storage.BlobTargetOption.metagenerationMatch());
                return;
            } catch (StorageException e) {
                // 412: changed since we read it; read again and reapply, rather than overwrite someone's change.
                if (e.getCode() != 412 || attempt >= METADATA_ATTEMPTS) {
                    throw errors.translate(e, "updating the metadata of " + name);
                }
            } catch (RuntimeException e) {
                throw errors.translate(e, "updating the metadata of " + name);
            }
        }
    }

    /**
     * One cheap request: testIamPermissions on the bucket. It needs no permission of its own, so
     * it works for accounts granted only object roles; it fails on a missing bucket and on bad
     * credentials, and says which of the permissions a writer needs are missing.
     */
    @Override
    public void checkWritable() {
        List<Boolean> granted;
        try {
            granted = storage.testIamPermissions(settings.bucket(), WRITER_PERMISSIONS);
        } catch (RuntimeException e) {
            throw errors.translate(e, "checking access");
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < WRITER_PERMISSIONS.size(); i++) {
            if (i >= granted.size() || !Boolean.TRUE.equals(granted.get(i))) {
                missing.add(WRITER_PERMISSIONS.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new BucketException("the account in use lacks " + String.join(", ", missing) + " on the bucket "
                    + settings.bucket() + " (" + settings.describe() + "): grant it roles/storage.objectAdmin on the bucket,"
                    + " or use another account (" + GcsSettings.CREDENTIALS_FILE + ")", null);
        }
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    private Blob require(String name) {
        checkName(name);
        Blob blob;
        try {
            blob = storage.get(BlobId.of(settings.bucket(), settings.objectName(name)));
        } catch (RuntimeException e) {
            throw errors.translate(e, "looking up " + name);
        }
        if (blob == null) {
            throw new ObjectNotFoundException(name, describe());
        }
        return blob;
    }

    private StoredObject describe(Blob blob) {
        String name = blob.getName().substring(settings.listPrefix().length());
        Instant created = blob.getCreateTimeOffsetDateTime() != null ? blob.getCreateTimeOffsetDateTime().toInstant()
                : blob.getUpdateTimeOffsetDateTime() != null ? blob.getUpdateTimeOffsetDateTime().toInstant() : null;
        return new StoredObject(name, blob.getSize() == null ? 0 : blob.getSize(), created, metadataOf(blob),
                "gs://" + blob.getBucket() + "/" + blob.getName());
    }

    /** The object's custom metadata; the client represents removed keys as null values, which are dropped. */
    static Map<String, String> metadataOf(BlobInfo blob) {
        Map<String, String> metadata = new TreeMap<>();
        if (blob.getMetadata() != null) {
            blob.getMetadata().forEach((k, v) -> {
                if (k != null && v != null) {
                    metadata.put(k, v);
                }
            });
        }
        return metadata;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("not a plain object name: " + name);
        }
    }
}

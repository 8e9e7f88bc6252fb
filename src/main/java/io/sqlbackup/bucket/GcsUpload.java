package io.sqlbackup.bucket;

import io.sqlbackup.stream.Sha256;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.StorageException;
import io.sqlbackup.SqlBackupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object streamed into GCS through a resumable upload, never held whole: the client buffers
 * one chunk ({@code sqlbackup.gcs.chunk-size}) and sends it, resuming after failures at the offset
 * GCS reports. GCS creates the object only when the session is finalised, which is
 * {@code WriteChannel.close()}; so a failed stream is never closed, its session is cancelled
 * instead, and nothing appears under the name. After finalising, the CRC32C and size GCS reports
 * are compared with what was sent, and the SHA-256 is recorded in the object's metadata; if
 * either step fails, the object is deleted, so an object of ours always carries its digest.
 */
final class GcsUpload {

    private static final Logger LOG = LoggerFactory.getLogger(GcsUpload.class);
    private static final int READ_BUFFER = 1 << 20;

    private final Storage storage;
    private final GcsUploadSessions sessions;
    private final GcsSettings settings;
    private final GcsErrors errors;
    private final String name;
    private final BlobId target;

    private final MessageDigest sha256;
    private final CRC32C crc32c = new CRC32C();
    private long size;

    GcsUpload(Storage storage, GcsUploadSessions sessions, GcsSettings settings, GcsErrors errors, String name) {
        this.storage = storage;
        this.sessions = sessions;
        this.settings = settings;
        this.errors = errors;
        this.name = name;
        this.target = BlobId.of(settings.bucket(), settings.objectName(name));
        this.sha256 = Sha256.newDigest();
    }

    /** Streams {@code content} to the object and returns it as stored, with its SHA-256 recorded. */
    Blob run(InputStream content, Map<String, String> metadata) {
        try (InputStream in = content) {
            Blob stored = upload(in, metadata);
            verify(stored);
            return recordDigest(stored);
        } catch (IOException e) {
            // Only closing the source can land here; the object is complete and recorded by then.
            throw new BucketException("closing the stream written to " + name + " failed: " + GcsErrors.describe(e), e);
        }
    }

    private Blob upload(InputStream in, Map<String, String> metadata) {
        Map<String, String> initial = new TreeMap<>(metadata);
        // Recorded only once the bytes are known to have arrived intact.
        initial.remove(ObjectMetadata.SHA256);
        BlobInfo info = BlobInfo.newBuilder(target).setContentType("application/octet-stream").setMetadata(initial).build();
        WriteChannel channel;
        sessions.reset();
        try {
            // doesNotExist: GCS checks it when the session opens and again when it is finalised.
            channel = storage.writer(info, BlobWriteOption.doesNotExist());
        } catch (RuntimeException e) {
            throw isPreconditionFailure(e) ? alreadyExists(e) : errors.translate(e, "starting the upload of " + name);
        }
        Optional<String> session = sessions.takeOpened();
        channel.setChunkSize(settings.chunkSize());
        try {
            byte[] buffer = new byte[Math.min(READ_BUFFER, settings.chunkSize())];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha256.update(buffer, 0, n);
                crc32c.update(buffer, 0, n);
                size += n;
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            abandon(session, e);
            // A failure upstream (dump, key, archive) reaches us through the stream; report it, not the upload.
            SqlBackupException upstream = SqlBackupException.findIn(e);
            if (upstream != null) {
                throw upstream;
            }
            StorageException storageFailure = storageFailureIn(e);
            if (storageFailure != null) {
                throw errors.translate(storageFailure, "uploading " + name + " (" + size + " bytes read so far)");
            }
            throw new BucketException("the stream written to " + name + " in " + settings.describe() + " failed after "
                    + size + " bytes (" + GcsErrors.describe(e) + "); nothing was stored under that name", e);
        }
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            StorageException inner = storageFailureIn(e);
            RuntimeException failure = inner != null ? inner
                    : e instanceof RuntimeException r ? r : new StorageException((IOException) e);
            if (isPreconditionFailure(failure)) {
                // Someone else's object appeared under the name while we uploaded; GCS refused ours.
                throw alreadyExists(failure);
            }
            abandon(session, failure);
            BucketException reported = errors.translate(failure, "finishing the upload of " + name);
            removeIfOurs(reported);
            throw reported;
        }
        Blob stored;
        try {
            stored = storage.get(target);
        } catch (RuntimeException e) {
            // The object just published under the name is ours, but it cannot be checked nor given
            // its digest: it must not stay. Its generation is unknown, so it goes by name.
            BucketException reported = errors.translate(e, "checking the uploaded " + name);
            try {
                storage.delete(target);
            } catch (RuntimeException d) {
                reported.addSuppressed(new BucketException("deleting the unchecked object failed too: delete "
                        + settings.describe() + "/" + name + " by hand (" + GcsErrors.describe(d) + ")", d));
            }
            throw reported;
        }
        if (stored == null) {
            throw new BucketException("GCS confirmed the upload of " + name + " but has no such object in "
                    + settings.describe() + "; run the backup again", null);
        }
        return stored;
    }

    /** The bytes GCS holds must be the bytes we sent; otherwise the object is useless and goes. */
    private void verify(Blob stored) {
        String expected = crc32cBase64();
        if (stored.getSize() == null || stored.getSize() != size || !expected.equals(stored.getCrc32c())) {
            BucketException damaged = new BucketException("the upload of " + name + " arrived damaged: " + size
                    + " bytes with CRC32C " + expected + " were sent, GCS holds " + stored.getSize() + " bytes with CRC32C "
                    + stored.getCrc32c() + "; the object was deleted, run the backup again", null);
            delete(stored, damaged);
            throw damaged;
        }
    }

    /**
     * Adds the SHA-256 to the object's metadata, guarded by its metageneration so a concurrent
     * change is not overwritten. A retried update whose first attempt had in fact succeeded fails
     * its precondition; then the object already carries our digest and that is success.
     */
    private Blob recordDigest(Blob stored) {
        String digest = Sha256.hex(sha256);
        Map<String, String> recorded = GcsBucket.metadataOf(stored);
        recorded.put(ObjectMetadata.SHA256, digest);
        try {
            return storage.update(stored.toBuilder().setMetadata(recorded).build(),
                    Storage.BlobTargetOption.generationMatch(), Storage.BlobTargetOption.metagenerationMatch());
        } catch (RuntimeException e) {
            if (isPreconditionFailure(e)) {
                Blob now = lookupQuietly(e);
                if (now != null && now.getGeneration().equals(stored.getGeneration()) && now.getMetadata() != null
                        && digest.equals(now.getMetadata().get(ObjectMetadata.SHA256))) {
                    return now;
                }
            }
            BucketException failure = errors.translate(e, "recording the SHA-256 of " + name);
            BucketException reported = new BucketException(failure.getMessage() + "; the object was deleted so that no"
                    + " object without its digest is left, run the backup again", failure.getCause());
            delete(stored, reported);
            throw reported;
        }
    }

    /**
     * Cancels the session rather than closing the channel: closing would publish the bytes sent
     * so far as if they were the whole object.
     */
    private void abandon(Optional<String> session, Exception failure) {
        if (session.isEmpty()) {
            LOG.warn("the failed upload of {} could not be cancelled (its session was not seen); GCS discards it within a"
                    + " week, and no object was created", name);
            return;
        }
        try {
            if (!sessions.cancel(session.get(), storage.getOptions())) {
                LOG.warn("GCS did not confirm the cancellation of the failed upload of {}; it discards it within a week,"
                        + " and no object was created", name);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cancelling the failed upload of {} failed ({}); GCS discards it within a week, and no object was"
                    + " created", name, GcsErrors.describe(e));
        }
    }

    /**
     * After finalising failed, GCS may still have created the object (the last response was lost
     * and the retries ran out). If an object with exactly our bytes and no digest is there, it is
     * ours, unrecorded: it goes.
     */
    private void removeIfOurs(BucketException failure) {
        Blob there = lookupQuietly(failure);
        if (there != null && Long.valueOf(size).equals(there.getSize()) && crc32cBase64().equals(there.getCrc32c())
                && (there.getMetadata() == null || !there.getMetadata().containsKey(ObjectMetadata.SHA256))) {
            delete(there, failure);
        }
    }

    private void delete(Blob stored, BucketException failure) {
        try {
            storage.delete(BlobId.of(stored.getBucket(), stored.getName(), stored.getGeneration()));
        } catch (RuntimeException e) {
            failure.addSuppressed(new BucketException("deleting the unusable object failed too: delete "
                    + settings.describe() + "/" + name + " by hand (" + GcsErrors.describe(e) + ")", e));
        }
    }

    private Blob lookupQuietly(Exception failure) {
        try {
            return storage.get(target);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return null;
        }
    }

    private BucketException alreadyExists(RuntimeException cause) {
        return new BucketException("an object named " + name + " already exists in " + settings.describe()
                + ": two backups started in the same second; the older one was kept", cause);
    }

    /** The client reports failures as StorageException, from channels sometimes wrapped in an IOException. */
    private static StorageException storageFailureIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StorageException s) {
                return s;
            }
        }
        return null;
    }

    private static boolean isPreconditionFailure(RuntimeException e) {
        return e instanceof StorageException s && s.getCode() == 412;
    }

    String crc32cBase64() {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc32c.getValue()).array());
    }
}

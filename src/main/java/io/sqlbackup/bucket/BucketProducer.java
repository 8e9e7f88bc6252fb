package io.sqlbackup.bucket;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.Version;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * Runs one bucket operation. For put, this is where the whole lazy backup pipeline actually runs:
 * draining the body pulls the dump through compression and encryption.
 */
public class BucketProducer extends DefaultProducer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BucketProducer.class);

    private final BucketEndpoint endpoint;

    public BucketProducer(BucketEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        Bucket bucket = bucketFor(message);
        switch (endpoint.getOperation()) {
            case put -> put(message, bucket);
            case get -> get(message, bucket);
            case list -> message.setBody(bucket.list());
            case delete -> bucket.delete(objectName(message));
            case markVerified -> markVerified(message, bucket);
        }
    }

    /** The bucket of the source the exchange names, else the component's own. */
    private Bucket bucketFor(Message message) {
        String source = message.getHeader(BackupHeaders.SOURCE, String.class);
        Buckets buckets = endpoint.getComponent().getBuckets();
        return source == null || buckets == null ? endpoint.getComponent().getBucket() : buckets.forSource(source);
    }

    /** Best effort: a bucket we may only read (or a file given by path) still verifies. */
    private void markVerified(Message message, Bucket bucket) {
        String name = objectName(message);
        try {
            bucket.updateMetadata(name, Map.of(ObjectMetadata.VERIFIED, Instant.now().toString()));
        } catch (BucketException e) {
            LOG.warn("{} verified, but recording that in the bucket failed: {}", name, e.getMessage());
        }
    }

    private void put(Message message, Bucket bucket) throws Exception {
        String name = objectName(message);
        InputStream content = message.getMandatoryBody(InputStream.class);
        Map<String, String> metadata = new TreeMap<>();
        metadata.put(ObjectMetadata.TOOL, "sqlbackup " + Version.get());
        metadata.put(ObjectMetadata.FORMAT, name.endsWith(".tar.zst") ? "tar.zst+openssl-aes-256-cbc" : "tar.gz+openssl-aes-256-cbc");
        Instant snapshot = message.getHeader(BackupHeaders.STARTED, Instant.class);
        if (snapshot != null) {
            metadata.put(ObjectMetadata.SNAPSHOT, snapshot.toString());
        }
        StoredObject stored = bucket.put(name, content, metadata);
        message.setBody(stored);
        describe(message, stored);
    }

    private void get(Message message, Bucket bucket) {
        String name = BackupCatalog.resolve(objectName(message), bucket);
        OpenedObject opened = bucket.open(name);
        StoredObject object = opened.object();
        message.setHeader(BackupHeaders.OBJECT_NAME, name);
        describe(message, object);
        InputStream content = object.sha256() == null ? opened.content()
                : new ObjectDigestStream(opened.content(), name, object.sha256());
        ObjectReadProgress watcher = message.getHeader(BackupHeaders.READ_PROGRESS, ObjectReadProgress.class);
        message.setBody(watcher == null ? content : watcher.watch(name, object.size(), content));
    }

    private static void describe(Message message, StoredObject object) {
        message.setHeader(BackupHeaders.OBJECT_SIZE, object.size());
        message.setHeader(BackupHeaders.OBJECT_SHA256, object.sha256());
        message.setHeader(BackupHeaders.OBJECT_LOCATION, object.location());
    }

    private String objectName(Message message) {
        String name = message.getHeader(BackupHeaders.OBJECT_NAME, String.class);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("bucket:" + endpoint.getOperation() + " needs the object name in the "
                    + BackupHeaders.OBJECT_NAME + " header");
        }
        return name;
    }
}

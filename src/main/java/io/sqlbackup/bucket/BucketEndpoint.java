package io.sqlbackup.bucket;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Streams archives into and out of the bucket: an object appears under its final name only when
 * complete, and a download is checked against the SHA-256 recorded when the object was written.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "bucket", title = "Backup bucket", syntax = "bucket:operation",
        producerOnly = true, category = {Category.FILE, Category.CLOUD})
public class BucketEndpoint extends DefaultEndpoint {

    /** The operation: put, get, list or delete. */
    @UriPath
    @Metadata(required = true)
    private BucketOperation operation;

    public BucketEndpoint(String uri, BucketComponent component) {
        super(uri, component);
    }

    @Override
    public BucketComponent getComponent() {
        return (BucketComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new BucketProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("bucket: endpoints only produce");
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (getComponent().getBucket() == null) {
            throw new IllegalStateException("no Bucket bean in the registry: the service binds one from sqlbackup.bucket");
        }
    }

    public BucketOperation getOperation() {
        return operation;
    }

    public void setOperation(BucketOperation operation) {
        this.operation = operation;
    }
}

package io.sqlbackup.bucket;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** Streams archives into the bucket; an object appears under its final name only when complete. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "bucket", title = "Backup bucket", syntax = "bucket:operation",
        producerOnly = true, category = {Category.FILE, Category.CLOUD})
public class BucketEndpoint extends DefaultEndpoint {

    /** The operation: put. */
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

    public BucketOperation getOperation() {
        return operation;
    }

    public void setOperation(BucketOperation operation) {
        this.operation = operation;
    }
}

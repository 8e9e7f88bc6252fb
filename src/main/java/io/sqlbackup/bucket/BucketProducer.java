package io.sqlbackup.bucket;

import io.sqlbackup.BackupHeaders;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/** Drains the body stream into the bucket; this is where the whole lazy pipeline actually runs. */
public class BucketProducer extends DefaultProducer {

    private final BucketEndpoint endpoint;

    public BucketProducer(BucketEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String name = message.getHeader(BackupHeaders.OBJECT_NAME, String.class);
        if (name == null) {
            throw new IllegalStateException("bucket:put needs the object name in the " + BackupHeaders.OBJECT_NAME
                    + " header: put archive:pack before it");
        }
        InputStream content = message.getMandatoryBody(InputStream.class);
        StoredObject stored = endpoint.getComponent().bucket().put(name, content);
        message.setBody(stored);
        message.setHeader(BackupHeaders.OBJECT_SIZE, stored.size());
        message.setHeader(BackupHeaders.OBJECT_SHA256, stored.sha256());
        message.setHeader(BackupHeaders.OBJECT_LOCATION, stored.location());
    }
}

package io.sqlbackup.bucket;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code bucket:put|get|list|delete}: streams archives into and out of the bucket. The bucket (a
 * {@link Bucket} bean, opened from {@code sqlbackup.bucket} by the service) is autowired, so
 * credentials never appear in a URI.
 */
@Component("bucket")
public class BucketComponent extends DefaultComponent {

    /** Where archives are kept: a Bucket bean, autowired from the registry. */
    @Metadata(autowired = true, required = true)
    private Bucket bucket;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        BucketEndpoint endpoint = new BucketEndpoint(uri, this);
        endpoint.setOperation(BucketOperation.parse(remaining));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The bucket of each backup source, picked by the SqlBackupSource header; autowired when there is one. */
    @Metadata(autowired = true)
    private Buckets buckets;

    public Buckets getBuckets() {
        return buckets;
    }

    public void setBuckets(Buckets buckets) {
        this.buckets = buckets;
    }

    public Bucket getBucket() {
        return bucket;
    }

    public void setBucket(Bucket bucket) {
        this.bucket = bucket;
    }
}

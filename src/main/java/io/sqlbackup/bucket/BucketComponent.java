package io.sqlbackup.bucket;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code bucket:put}: stores the body stream as an object in the configured bucket. The bucket is
 * opened (and checked writable) when the component starts, so a bad location fails the service
 * before any server is touched.
 */
@Component("bucket")
public class BucketComponent extends DefaultComponent {

    /** Where archives go: file:/PATH for a local directory. */
    @Metadata(required = true)
    private String location;

    private Bucket bucket;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        BucketEndpoint endpoint = new BucketEndpoint(uri, this);
        endpoint.setOperation(BucketOperation.parse(remaining));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        bucket = BucketLocation.open(location);
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    Bucket bucket() {
        if (bucket == null) {
            bucket = BucketLocation.open(location);
        }
        return bucket;
    }
}

package io.sqlbackup.archive;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code archive:pack} turns the entries of a dump into a compressed tar stream;
 * {@code archive:unpack} turns a compressed tar stream back into entries.
 */
@Component("archive")
public class ArchiveComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ArchiveEndpoint endpoint = new ArchiveEndpoint(uri, this);
        endpoint.setOperation(ArchiveOperation.parse(remaining));
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

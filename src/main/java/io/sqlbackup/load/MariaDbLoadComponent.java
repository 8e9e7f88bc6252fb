package io.sqlbackup.load;

import io.sqlbackup.server.ServerDirectory;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/** {@code mariadb-load:primary}: loads a restore target from an archive streamed through the route. */
@Component("mariadb-load")
public class MariaDbLoadComponent extends DefaultComponent {

    /** The configured servers (a ServerDirectory bean); autowired so credentials never appear in URIs. */
    @Metadata(autowired = true, required = true)
    private ServerDirectory servers;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        MariaDbLoadEndpoint endpoint = new MariaDbLoadEndpoint(uri, this);
        endpoint.setTarget(remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public ServerDirectory getServers() {
        return servers;
    }

    public void setServers(ServerDirectory servers) {
        this.servers = servers;
    }
}

package io.sqlbackup.dump;

import io.sqlbackup.server.ServerDirectory;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/** {@code mariadb-dump:source}: a consistent logical dump of a MariaDB server, as a lazy stream of files. */
@Component("mariadb-dump")
public class MariaDbDumpComponent extends DefaultComponent {

    /** The configured servers (a ServerDirectory bean); autowired so credentials never appear in URIs. */
    @Metadata(autowired = true, required = true)
    private ServerDirectory servers;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        MariaDbDumpEndpoint endpoint = new MariaDbDumpEndpoint(uri, this);
        endpoint.setServer(remaining.isEmpty() ? "source" : remaining);
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

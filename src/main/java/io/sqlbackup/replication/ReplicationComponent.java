package io.sqlbackup.replication;

import io.sqlbackup.server.ServerDirectory;
import java.util.Arrays;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code replication:OPERATION}: the replication half of the restore runbook (reset the primary's
 * binary log, stop the replica, re-point and start it, verify), on the configured primary and replica.
 */
@Component("replication")
public class ReplicationComponent extends DefaultComponent {

    /** The configured servers (a ServerDirectory bean); autowired so credentials never appear in URIs. */
    @Metadata(autowired = true, required = true)
    private ServerDirectory servers;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ReplicationEndpoint endpoint = new ReplicationEndpoint(uri, this);
        endpoint.setOperation(operation(remaining));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    private static ReplicationOperation operation(String name) {
        for (ReplicationOperation op : ReplicationOperation.values()) {
            if (op.name().equals(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("replication:" + name + " is no replication operation: use one of "
                + Arrays.toString(ReplicationOperation.values()));
    }

    public ServerDirectory getServers() {
        return servers;
    }

    public void setServers(ServerDirectory servers) {
        this.servers = servers;
    }
}

package io.sqlbackup.replication;

import io.sqlbackup.config.DurationSetting;
import java.time.Duration;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One replication step of a restore, on the servers configured as primary and replica (keys
 * sqlbackup.primary and sqlbackup.replica). Steps are recorded in the restore report header; a failed
 * step throws a ReplicationStepException saying what state each server is in.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "replication", title = "Replication", syntax = "replication:operation",
        producerOnly = true, category = {Category.DATABASE})
public class ReplicationEndpoint extends DefaultEndpoint {

    /**
     * The step: resetPrimary (RESET MASTER on the primary), stopReplica (STOP SLAVE on the replica),
     * startReplica (RESET SLAVE, CHANGE MASTER TO the re-sync coordinates, START SLAVE) or verify
     * (replication runs, a marker arrives, restored tables have equal checksums).
     */
    @UriPath
    @Metadata(required = true)
    private ReplicationOperation operation;

    /**
     * How long verify waits for replication to run and catch up and for its marker to arrive, e.g. 10m
     * (sqlbackup.restore.replication-timeout). A replication error ends the wait at once.
     */
    @UriParam(defaultValue = "10m")
    private String timeout = "10m";

    public ReplicationEndpoint(String uri, ReplicationComponent component) {
        super(uri, component);
    }

    @Override
    public ReplicationComponent getComponent() {
        return (ReplicationComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new ReplicationProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("replication: endpoints only produce");
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        timeoutDuration();
    }

    Duration timeoutDuration() {
        return DurationSetting.parse("sqlbackup.restore.replication-timeout", timeout);
    }

    public ReplicationOperation getOperation() {
        return operation;
    }

    public void setOperation(ReplicationOperation operation) {
        this.operation = operation;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }
}

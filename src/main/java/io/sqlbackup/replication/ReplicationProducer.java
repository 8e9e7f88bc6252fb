package io.sqlbackup.replication;

import io.sqlbackup.restore.RestoreHeaders;
import io.sqlbackup.restore.RestoreReport;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the endpoint's operation; a failed step is recorded in the report before it propagates. */
public class ReplicationProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationProducer.class);

    private final ReplicationEndpoint endpoint;

    public ReplicationProducer(ReplicationEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        RestoreReport report = message.getHeader(RestoreHeaders.REPORT, RestoreReport.class);
        if (report == null) {
            report = new RestoreReport();
            message.setHeader(RestoreHeaders.REPORT, report);
        }
        ReplicationSteps steps = new ReplicationSteps(endpoint.getComponent().getServers(), report, message);
        int before = report.steps().size();
        try {
            switch (endpoint.getOperation()) {
                case resetPrimary -> steps.resetPrimary();
                case stopReplica -> steps.stopReplica();
                case startReplica -> steps.startReplica();
                case verify -> steps.verify(endpoint.timeoutDuration());
            }
        } catch (ReplicationStepException e) {
            report.failed(e.step(), e.getMessage());
            LOG.error("{}", e.getMessage());
            throw e;
        }
        report.steps().stream().skip(before).forEach(s -> LOG.info("{}", s));
    }
}

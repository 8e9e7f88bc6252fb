package io.sqlbackup.dump;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.server.ServerAccess;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the snapshot and reads the catalog; the body becomes the lazy {@link DumpEntries}. The
 * snapshot session stays open until the exchange completes, whatever the later stages do.
 */
public class MariaDbDumpProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbDumpProducer.class);

    private final MariaDbDumpEndpoint endpoint;

    public MariaDbDumpProducer(MariaDbDumpEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String sourceName = exchange.getMessage().getHeader(BackupHeaders.SOURCE, String.class);
        ServerAccess source = sourceName == null ? endpoint.getComponent().getServers().access(endpoint.getServer())
                : endpoint.getComponent().getServers().source(sourceName);
        DumpOptions options = endpoint.options();
        SourceSnapshot snapshot = SourceSnapshot.open(source, options);
        DumpEntries dump;
        try {
            // a caller watching the backup may have handed in the progress to fill
            DumpProgress given = exchange.getMessage().getHeader(BackupHeaders.DUMP_PROGRESS, DumpProgress.class);
            DumpProgress progress = given != null ? given : new DumpProgress();
            LOG.info("Dumping {} tables in {} databases from {} on {} connections", snapshot.catalog().tableCount(),
                    snapshot.catalog().databases().size(), source, options.threads());
            dump = new DumpEntries(snapshot, options, progress);
            exchange.getMessage().setHeader(BackupHeaders.DUMP_PROGRESS, progress);
        } catch (RuntimeException e) {
            snapshot.close();
            throw e;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                dump.close();
            }
        });
        if (snapshot.replicaLag() != null) {
            exchange.getMessage().setHeader(BackupHeaders.REPLICA_LAG_SECONDS, snapshot.replicaLag().toSeconds());
        }
        exchange.getMessage().setHeader(BackupHeaders.STARTED, snapshot.started());
        exchange.getMessage().setBody(dump);
    }
}

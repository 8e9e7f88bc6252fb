package io.sqlbackup.dump;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.server.ServerAccess;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
        ServerAccess source = endpoint.getComponent().getServers().access(endpoint.getServer());
        DumpOptions options = endpoint.options();
        SourceSnapshot snapshot = SourceSnapshot.open(source, options);
        DumpEntries dump;
        try {
            checkRequestedDatabases(options, snapshot.catalog(), source);
            DumpProgress progress = new DumpProgress();
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

    private static void checkRequestedDatabases(DumpOptions options, Catalog catalog, ServerAccess source) {
        Set<String> present = catalog.databases().stream().map(Catalog.Database::name).collect(Collectors.toSet());
        // A literal name that matches nothing is a typo or a dropped database: say so rather than back up less.
        List<String> missing = options.databases().stream().filter(NamePattern::isLiteralDatabase)
                .map(NamePattern::toString).filter(d -> !present.contains(d)).toList();
        if (!missing.isEmpty()) {
            throw new ConfigurationException("sqlbackup.dump.databases names databases the " + source.role() + " server at "
                    + source.address() + " does not have (or that are never dumped): " + String.join(", ", missing),
                    "sqlbackup.dump.databases");
        }
    }
}

package io.sqlbackup.dump;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.server.ServerAccess;
import java.sql.SQLException;
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
        SourceSnapshot snapshot = SourceSnapshot.open(source);
        DumpEntries entries;
        try {
            Catalog catalog = Catalog.read(snapshot.session(), options::includes);
            checkRequestedDatabases(options, catalog, source);
            DumpProgress progress = new DumpProgress();
            entries = new DumpEntries(snapshot, catalog, options, progress, source.address());
            LOG.info("Dumping {} tables in {} databases from {}", catalog.tableCount(), catalog.databases().size(), source);
            exchange.getMessage().setHeader(BackupHeaders.DUMP_PROGRESS, progress);
        } catch (SQLException | RuntimeException e) {
            snapshot.close();
            if (e instanceof SQLException sql) {
                throw new DumpException("cannot read the catalog of the source server at " + source.address() + ": "
                        + sql.getMessage(), source.urlKey(), sql);
            }
            throw e;
        }
        DumpEntries dump = entries;
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                dump.close();
            }
        });
        exchange.getMessage().setHeader(BackupHeaders.STARTED, snapshot.started());
        exchange.getMessage().setBody(dump);
    }

    private static void checkRequestedDatabases(DumpOptions options, Catalog catalog, ServerAccess source) {
        Set<String> present = catalog.databases().stream().map(Catalog.Database::name).collect(Collectors.toSet());
        List<String> missing = options.databases().stream().filter(d -> !present.contains(d)).toList();
        if (!missing.isEmpty()) {
            throw new ConfigurationException("sqlbackup.dump.databases names databases the " + source.role() + " server at "
                    + source.address() + " does not have (or that are never dumped): " + String.join(", ", missing),
                    "sqlbackup.dump.databases");
        }
    }
}

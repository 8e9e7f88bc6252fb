package io.sqlbackup.load;

import io.sqlbackup.config.ByteSize;
import io.sqlbackup.config.ConfigurationException;
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
 * Loads a restore target (primary or replica) from an archive: the body is the archive's entries
 * as {@code archive:unpack} streams them, and the header {@code SqlBackupArchiveIndex} is what the
 * verify pass learnt of it. Statements run on several connections with the binary log off.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "mariadb-load", title = "MariaDB load", syntax = "mariadb-load:target",
        producerOnly = true, category = {Category.DATABASE})
public class MariaDbLoadEndpoint extends DefaultEndpoint {

    /** The configured server to load, by role: primary (sqlbackup.primary.*) or replica (sqlbackup.replica.*). */
    @UriPath
    @Metadata(required = true, enums = "primary,replica")
    private String target;

    /** load (from the archive in the body) or finish (take the unfinished-restore mark off the restored databases). */
    @UriParam(defaultValue = "load", enums = "load,finish")
    private LoadOperation operation = LoadOperation.load;

    /** Connections that load in parallel: schema work, rows, objects and the row check are spread over them. */
    @UriParam(defaultValue = "4")
    private int threads = 4;

    /** The largest statement a dump file may hold, e.g. 256MB; larger ones fail the restore as damaged. */
    @UriParam(defaultValue = "256MB")
    private String maxStatement = "256MB";

    /** Read every restored table back and compare row counts and checksums with the manifest. */
    @UriParam(defaultValue = "true")
    private boolean checkRows = true;

    /**
     * InnoDB tables with at least this much row data (e.g. 16MB) are created without their plain
     * secondary keys, which are added once the rows are in (a sorted build instead of a B-tree insert
     * per row); 0 keeps every key from the start.
     */
    @UriParam(defaultValue = "16MB")
    private String deferKeysFrom = "16MB";

    public MariaDbLoadEndpoint(String uri, MariaDbLoadComponent component) {
        super(uri, component);
    }

    @Override
    public MariaDbLoadComponent getComponent() {
        return (MariaDbLoadComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new MariaDbLoadProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("mariadb-load: endpoints only produce");
    }

    LoadOptions options() {
        long max = ByteSize.parse("sqlbackup.restore.max-statement", maxStatement);
        if (max < 1024 || max > Integer.MAX_VALUE - 16) {
            throw new ConfigurationException("sqlbackup.restore.max-statement must be between 1KB and 2GB, got " + maxStatement,
                    "sqlbackup.restore.max-statement");
        }
        // read ahead about two statements per connection (1 MB statements as mydumper and sqlbackup write them)
        return new LoadOptions(threads, (int) max, Math.max(4L << 20, 2L * threads * (1 << 20)), checkRows,
                ByteSize.parse("sqlbackup.restore.defer-keys-from", deferKeysFrom));
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public LoadOperation getOperation() {
        return operation;
    }

    public void setOperation(LoadOperation operation) {
        this.operation = operation;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public String getMaxStatement() {
        return maxStatement;
    }

    public void setMaxStatement(String maxStatement) {
        this.maxStatement = maxStatement;
    }

    public String getDeferKeysFrom() {
        return deferKeysFrom;
    }

    public void setDeferKeysFrom(String deferKeysFrom) {
        this.deferKeysFrom = deferKeysFrom;
    }

    public boolean isCheckRows() {
        return checkRows;
    }

    public void setCheckRows(boolean checkRows) {
        this.checkRows = checkRows;
    }
}

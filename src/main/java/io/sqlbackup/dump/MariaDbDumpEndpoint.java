package io.sqlbackup.dump;

import io.sqlbackup.config.ByteSize;
import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.DurationSetting;
import java.util.Arrays;
import java.util.List;
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
 * Dumps a MariaDB server inside one consistent snapshot into the mydumper 0.10 file layout. The
 * body it produces is a lazy sequence of files: rows are read only as the next stage asks for them.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "mariadb-dump", title = "MariaDB dump", syntax = "mariadb-dump:server",
        producerOnly = true, category = {Category.DATABASE})
public class MariaDbDumpEndpoint extends DefaultEndpoint {

    /** The configured server to dump, by role: source (sqlbackup.source.*). */
    @UriPath(defaultValue = "source")
    private String server = "source";

    /** Databases to dump, comma separated patterns (wiki_*, or DB.TABLE); empty dumps every user database. */
    @UriParam
    private String databases = "";

    /** Databases or tables to leave out, comma separated patterns (test_*, *.objectcache). */
    @UriParam
    private String exclude = "";

    /** Size of one data file, e.g. 8MB; a dump connection holds about twice this much memory. */
    @UriParam(defaultValue = "8MB")
    private String chunkSize = "8MB";

    /** Size of one multi-row INSERT statement, as mydumper's --statement-size. */
    @UriParam(defaultValue = "1MB")
    private String statementSize = "1MB";

    /** Dump connections, all reading the same snapshot. */
    @UriParam(defaultValue = "4")
    private int threads = 4;

    /** A replica source further behind its primary than this (e.g. 60s) is not dumped. */
    @UriParam(defaultValue = "60s")
    private String maxReplicaLag = "60s";

    /** Keep commits blocked until MyISAM and Aria tables are dumped, so they match the snapshot too. */
    @UriParam(defaultValue = "true")
    private boolean lockNonTransactional = true;

    /** Dump users, roles and grants as sqlbackup-accounts.txt. */
    @UriParam(defaultValue = "true")
    private boolean accounts = true;

    public MariaDbDumpEndpoint(String uri, MariaDbDumpComponent component) {
        super(uri, component);
    }

    @Override
    public MariaDbDumpComponent getComponent() {
        return (MariaDbDumpComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new MariaDbDumpProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("mariadb-dump: endpoints only produce");
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        options();
    }

    DumpOptions options() {
        if (threads < 1 || threads > 256) {
            throw new ConfigurationException("sqlbackup.dump.threads must be between 1 and 256, got " + threads,
                    "sqlbackup.dump.threads");
        }
        return new DumpOptions(patterns(databases), patterns(exclude),
                ByteSize.parse("sqlbackup.dump.chunk-size", chunkSize), ByteSize.parse("sqlbackup.dump.statement-size", statementSize),
                threads, DurationSetting.parse("sqlbackup.dump.max-replica-lag", maxReplicaLag), lockNonTransactional, accounts);
    }

    private static List<NamePattern> patterns(String text) {
        return list(text).stream().map(NamePattern::of).toList();
    }

    private static List<String> list(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public String getMaxReplicaLag() {
        return maxReplicaLag;
    }

    public void setMaxReplicaLag(String maxReplicaLag) {
        this.maxReplicaLag = maxReplicaLag;
    }

    public boolean isLockNonTransactional() {
        return lockNonTransactional;
    }

    public void setLockNonTransactional(boolean lockNonTransactional) {
        this.lockNonTransactional = lockNonTransactional;
    }

    public boolean isAccounts() {
        return accounts;
    }

    public void setAccounts(boolean accounts) {
        this.accounts = accounts;
    }

    public String getServer() {
        return server;
    }

    public void setServer(String server) {
        this.server = server;
    }

    public String getDatabases() {
        return databases;
    }

    public void setDatabases(String databases) {
        this.databases = databases;
    }

    public String getExclude() {
        return exclude;
    }

    public void setExclude(String exclude) {
        this.exclude = exclude;
    }

    public String getChunkSize() {
        return chunkSize;
    }

    public void setChunkSize(String chunkSize) {
        this.chunkSize = chunkSize;
    }

    public String getStatementSize() {
        return statementSize;
    }

    public void setStatementSize(String statementSize) {
        this.statementSize = statementSize;
    }
}

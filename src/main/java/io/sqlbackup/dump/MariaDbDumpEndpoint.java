package io.sqlbackup.dump;

import io.sqlbackup.config.ByteSize;
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

    /** Databases to dump, comma separated; empty dumps every user database. */
    @UriParam
    private String databases = "";

    /** Databases to leave out, comma separated. */
    @UriParam
    private String exclude = "";

    /** Size of one data file, e.g. 16MB; a dump connection holds about this much memory. */
    @UriParam(defaultValue = "16MB")
    private String chunkSize = "16MB";

    /** Size of one multi-row INSERT statement, as mydumper's --statement-size. */
    @UriParam(defaultValue = "1MB")
    private String statementSize = "1MB";

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
        return new DumpOptions(list(databases), list(exclude), ByteSize.parse("sqlbackup.dump.chunk-size", chunkSize),
                ByteSize.parse("sqlbackup.dump.statement-size", statementSize));
    }

    private static List<String> list(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
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

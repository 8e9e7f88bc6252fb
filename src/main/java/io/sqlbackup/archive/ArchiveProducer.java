package io.sqlbackup.archive;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.bucket.BackupObjectName;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Replaces a body of dump entries with the compressed tar stream of them, and names the archive. */
public class ArchiveProducer extends DefaultProducer {

    private final ArchiveEndpoint endpoint;

    public ArchiveProducer(ArchiveEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        EntrySource entries = exchange.getMessage().getBody(EntrySource.class);
        if (entries == null) {
            throw new IllegalStateException("archive:pack needs the entries of a dump as its body: put mariadb-dump: before it");
        }
        Instant started = exchange.getMessage().getHeader(BackupHeaders.STARTED, Instant.class);
        if (started == null) {
            started = Instant.now();
        }
        Compression compression = endpoint.codec();
        exchange.getMessage().setBody(new TarPackStream(entries, compression, endpoint.getLevel(), started));
        exchange.getMessage().setHeader(BackupHeaders.OBJECT_NAME, BackupObjectName.of(started, compression));
    }
}

package io.sqlbackup.archive;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.bucket.BackupObjectName;
import java.io.InputStream;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * pack: replaces a body of dump entries with the compressed tar stream of them, and names the
 * archive. unpack: replaces a body holding a compressed tar stream with its {@link UnpackedEntries}.
 * Neither reads anything here: the work happens as the next stage reads the body.
 */
public class ArchiveProducer extends DefaultProducer {

    private final ArchiveEndpoint endpoint;

    public ArchiveProducer(ArchiveEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        switch (endpoint.getOperation()) {
            case pack -> pack(exchange.getMessage());
            case unpack -> unpack(exchange.getMessage());
        }
    }

    private void pack(Message message) throws Exception {
        EntrySource entries = message.getBody(EntrySource.class);
        if (entries == null) {
            throw new IllegalStateException("archive:pack needs the entries of a dump as its body: put mariadb-dump: before it");
        }
        Instant started = message.getHeader(BackupHeaders.STARTED, Instant.class);
        if (started == null) {
            started = Instant.now();
        }
        Compression compression = endpoint.codec();
        message.setBody(new TarPackStream(entries, compression, endpoint.getLevel(), endpoint.getThreads(), started));
        message.setHeader(BackupHeaders.OBJECT_NAME, BackupObjectName.of(started, compression));
    }

    private void unpack(Message message) throws Exception {
        InputStream archive = message.getBody(InputStream.class);
        if (archive == null) {
            throw new IllegalStateException("archive:unpack needs the archive's bytes as an InputStream body: put bucket:get"
                    + " (and openssl:decrypt) before it");
        }
        String name = message.getHeader(BackupHeaders.OBJECT_NAME, String.class);
        message.setBody(new TarUnpackStream(archive, name, endpoint.maxUnpackedBytes(), ArchiveEndpoint.MAX_UNPACKED_SIZE_KEY));
    }
}

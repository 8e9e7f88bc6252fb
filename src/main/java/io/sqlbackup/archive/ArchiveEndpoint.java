package io.sqlbackup.archive;

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
 * Packs the entries of a dump into a tar stream compressed with gzip or zstd, in the layout
 * {@code tar -cz -C DIR .} writes, without a scratch copy; and unpacks such a stream (gzip, zstd
 * or plain tar, from sqlbackup or the old scripts) into its entries, one at a time.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "archive", title = "Archive", syntax = "archive:operation",
        producerOnly = true, remote = false, category = {Category.FILE})
public class ArchiveEndpoint extends DefaultEndpoint {

    /** Setting that the threads option comes from, named in messages. */
    public static final String THREADS_KEY = "sqlbackup.compression.threads";
    /** Setting that the ceiling on unpacked bytes comes from, named in messages. */
    public static final String MAX_UNPACKED_SIZE_KEY = "sqlbackup.restore.max-unpacked-size";

    /** The operation: pack (dump entries to a compressed tar stream) or unpack (a compressed tar stream to its entries). */
    @UriPath
    @Metadata(required = true)
    private ArchiveOperation operation;

    /** pack: the codec around the tar stream: gzip (.tar.gz) or zstd (.tar.zst). unpack tells the codec from the first bytes. */
    @UriParam(defaultValue = "gzip")
    private String compression = "gzip";

    /**
     * pack: the codec's level: gzip 1-9, zstd 1-19. gzip 4 costs far less CPU than 6 for a little
     * more size: on article-like wiki text 9% bigger in a quarter of the time (docs/benchmarks.md).
     */
    @UriParam(defaultValue = "4")
    private int level = 4;

    /**
     * pack: compression threads; 0 means one per core. gzip still writes one standard gzip member
     * (deflated in 128 KiB blocks in parallel, as pigz does), zstd one standard frame.
     */
    @UriParam(defaultValue = "0")
    private int threads;

    /**
     * unpack: the most bytes an archive may unpack to (tar headers included), e.g. 500GB; unpacking
     * stops with an error as soon as it is passed, so a damaged archive or a decompression bomb
     * cannot fill the disk or run forever. K, M and G suffixes (binary).
     */
    @UriParam(defaultValue = "2048GB")
    private String maxUnpackedSize = "2048GB";

    public ArchiveEndpoint(String uri, ArchiveComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        return new ArchiveProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("archive: endpoints only produce");
    }

    public ArchiveOperation getOperation() {
        return operation;
    }

    public void setOperation(ArchiveOperation operation) {
        this.operation = operation;
    }

    public String getCompression() {
        return compression;
    }

    public void setCompression(String compression) {
        this.compression = compression;
    }

    public int getLevel() {
        return level;
    }

    public void setLevel(int level) {
        this.level = level;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public String getMaxUnpackedSize() {
        return maxUnpackedSize;
    }

    public void setMaxUnpackedSize(String maxUnpackedSize) {
        this.maxUnpackedSize = maxUnpackedSize;
    }

    Compression codec() {
        return Compression.parse(compression);
    }

    long maxUnpackedBytes() {
        return ByteSize.parse(MAX_UNPACKED_SIZE_KEY, maxUnpackedSize);
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        codec().checkLevel(level);
        if (threads < 0) {
            throw new ConfigurationException(THREADS_KEY + " = " + threads + ": use 0 (one per core) or a positive number",
                    THREADS_KEY);
        }
        maxUnpackedBytes();
    }
}

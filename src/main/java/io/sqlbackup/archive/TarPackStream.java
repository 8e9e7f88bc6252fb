package io.sqlbackup.archive;

import io.sqlbackup.stream.PumpedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The compressed tar of a dump, produced as it is read: the same bytes layout that
 * {@code tar -cz -C DIR .} writes (a {@code ./} directory entry, then {@code ./NAME} files),
 * one slice of one entry per step, so at most one entry is in memory.
 */
public final class TarPackStream extends PumpedInputStream {

    /** How much of an entry goes through the compressor per step; bounds the output buffer. */
    private static final int SLICE = 256 * 1024;

    private final EntrySource entries;
    private final OutputStream compressor;
    private final TarArchiveOutputStream tar;
    private final Date modified;
    private ArchiveEntry current;
    private int offset;
    private boolean started;
    private boolean complete;

    /** Compresses on every core. */
    public TarPackStream(EntrySource entries, Compression compression, int level, Instant modified) throws IOException {
        this(entries, compression, level, 0, modified);
    }

    /**
     * @param threads compression threads; 0 means every core. Workers only compress: reading the
     *                entries and producing output stay on the thread that reads this stream.
     */
    public TarPackStream(EntrySource entries, Compression compression, int level, int threads, Instant modified)
            throws IOException {
        this.entries = entries;
        this.modified = Date.from(modified);
        this.compressor = Codecs.compressor(compression, level, threads, sink());
        this.tar = new TarArchiveOutputStream(compressor, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    @Override
    protected boolean pump(OutputStream out) throws IOException {
        if (!started) {
            started = true;
            TarArchiveEntry root = new TarArchiveEntry("./", true);
            root.setMode(TarArchiveEntry.DEFAULT_DIR_MODE);
            root.setModTime(modified);
            tar.putArchiveEntry(root);
            tar.closeArchiveEntry();
            return true;
        }
        if (current == null) {
            current = entries.next();
            if (current == null) {
                tar.finish();
                tar.close();
                complete = true;
                return false;
            }
            TarArchiveEntry header = new TarArchiveEntry("./" + current.name(), true);
            header.setSize(current.length());
            header.setMode(0100644);
            header.setModTime(modified);
            tar.putArchiveEntry(header);
            offset = 0;
        }
        int n = Math.min(SLICE, current.length() - offset);
        tar.write(current.data(), offset, n);
        offset += n;
        if (offset == current.length()) {
            tar.closeArchiveEntry();
            current = null;
        }
        return true;
    }

    @Override
    protected void release() throws IOException {
        try {
            entries.close();
        } finally {
            current = null;
            if (!complete) {
                // Closed before the end (the next stage failed, or gave up): stop the compressor's
                // threads now rather than leave them to the garbage collector.
                Codecs.abandon(compressor);
            }
        }
    }
}

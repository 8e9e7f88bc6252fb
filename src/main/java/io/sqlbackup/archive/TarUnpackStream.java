package io.sqlbackup.archive;

import io.sqlbackup.stream.ReadThroughInputStream;
import io.sqlbackup.SqlBackupException;
import io.sqlbackup.archive.ArchiveException.Reason;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Locale;

/**
 * The entries of a compressed tar (gzip, multi-member gzip, zstd, or a plain tar; told apart by
 * their first bytes), read as the consumer reads them: the body of {@code archive:unpack}.
 *
 * <p>Every failure names the archive and where it broke: inside which entry and how many bytes
 * into it, after which entry, or before the first one. A stream that ends early is reported as
 * truncated; a bad checksum, header or compressed block as damaged; an unsafe entry as such,
 * before any of its bytes are handed on. Failures of the stream underneath (a bucket read, a
 * wrong decryption key) pass through unchanged: they are not the archive's fault.
 */
public final class TarUnpackStream implements UnpackedEntries {

    /** How archives are named in messages when the exchange does not name them. */
    public static final String UNNAMED = "the archive";

    private final InputStream source;
    private final String archive;
    private final long maxUnpackedBytes;
    private final String ceilingKey;
    private SourceReads sourceReads;
    private InputStream decompressed;
    private UnpackedSizeGuard guard;
    private TarReader tar;
    private EntryContent current;
    private String lastName;
    private boolean markerSeen;
    private boolean ended;
    private boolean closed;
    private Exception failure;

    /**
     * @param source           the compressed tar; closed by {@link #close()}
     * @param archive          the archive's name for messages (the object name), or null
     * @param maxUnpackedBytes the most bytes the archive may unpack to, tar headers included
     * @param ceilingKey       the setting that sets that ceiling, named when it is hit
     */
    public TarUnpackStream(InputStream source, String archive, long maxUnpackedBytes, String ceilingKey) {
        if (maxUnpackedBytes < 1) {
            throw new IllegalArgumentException("the ceiling on unpacked bytes must be positive");
        }
        this.source = source;
        this.archive = archive == null || archive.isBlank() ? UNNAMED : EntryNames.printable(archive);
        this.maxUnpackedBytes = maxUnpackedBytes;
        this.ceilingKey = ceilingKey;
    }

    @Override
    public UnpackedEntry next() throws IOException {
        check();
        if (ended) {
            return null;
        }
        try {
            if (tar == null) {
                open();
            }
            while (true) {
                TarReader.Header header = tar.next();
                if (current != null) {
                    current.valid = false;
                    current = null;
                }
                if (header == null) {
                    markerSeen = true;
                    drainToEnd();
                    ended = true;
                    return null;
                }
                String name = EntryNames.fileName(archive, header);
                if (name != null) {
                    current = new EntryContent(name, header.size());
                    lastName = name;
                    return new UnpackedEntry(name, header.size(), current);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        }
    }

    /** Unpacked bytes read so far, tar headers and padding included. */
    public long unpackedBytes() {
        return guard == null ? 0 : guard.count();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            current.valid = false;
        }
        (decompressed != null ? decompressed : source).close();
    }

    private void check() throws IOException {
        if (closed) {
            throw new IOException("the entries of " + archive + " were already closed");
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
    }

    private void open() throws IOException {
        sourceReads = new SourceReads(source);
        BufferedInputStream buffered = new BufferedInputStream(sourceReads, 64 * 1024);
        Codecs.Detected codec = Codecs.detect(buffered);
        if (codec == Codecs.Detected.EMPTY) {
            throw new ArchiveException(Reason.TRUNCATED, archive + " is empty: there is nothing to unpack."
                    + " The upload or download was cut short: use an intact copy.");
        }
        if (codec == Codecs.Detected.UNKNOWN) {
            throw new ArchiveException(Reason.NOT_AN_ARCHIVE, archive + " does not start like a gzip, zstd or tar stream."
                    + " If it was decrypted on the way, the key is probably wrong (check sqlbackup.key / sqlbackup.key-file);"
                    + " otherwise it is not a backup archive, or it is damaged.");
        }
        decompressed = Codecs.decompressor(codec, buffered);
        guard = new UnpackedSizeGuard(decompressed, maxUnpackedBytes);
        tar = new TarReader(guard);
    }

    /**
     * Reads what follows the end-of-archive marker (tar pads to whole records) to the end of the
     * compressed stream, so the codec's own checks (gzip CRC-32 and length, zstd checksum) run
     * before the end is reported as a success.
     */
    private void drainToEnd() throws IOException {
        byte[] scratch = new byte[64 * 1024];
        while (guard.read(scratch, 0, scratch.length) >= 0) {
            // padding; its bytes count against the ceiling like any other
        }
    }

    /** Records the failure, in the terms an operator needs, and returns it to throw (or throws an IOException to pass through). */
    private RuntimeException fail(Exception e) throws IOException {
        if (failure != null) {
            check();
        }
        if (e instanceof ArchiveException archiveFailure) {
            failure = archiveFailure;
            return archiveFailure;
        }
        if (sourceReads != null && sourceReads.failure != null) {
            // The stream underneath failed (bucket, network, decryption): its own exception says why.
            failure = sourceReads.failure;
            throw sourceReads.failure;
        }
        if (SqlBackupException.findIn(e) != null || e instanceof InterruptedIOException) {
            failure = e;
            if (e instanceof IOException io) {
                throw io;
            }
            return (RuntimeException) e;
        }
        ArchiveException described;
        if (e instanceof UnpackedSizeGuard.CeilingExceeded exceeded) {
            described = new ArchiveException(Reason.TOO_LARGE, archive + " unpacks to more than " + exceeded.ceiling
                    + " bytes, the ceiling set by " + ceilingKey + "; stopped " + where()
                    + ". It is damaged or a decompression bomb; if the backup really is that large, raise " + ceilingKey + ".",
                    ceilingKey, e);
        } else if (isTruncation(e)) {
            described = new ArchiveException(Reason.TRUNCATED, archive + " is truncated: it ends " + where()
                    + ". The upload or download was cut short: use an intact copy.", null, e);
        } else if (markerSeen) {
            // Only the codec's check over the whole stream can fail here, and it covers what was
            // already handed out.
            described = new ArchiveException(Reason.DAMAGED, archive + " is damaged (" + detail(e) + "): the check at the end"
                    + " of the compressed stream, " + where() + ", failed, so nothing unpacked from it can be trusted."
                    + " Use an intact copy or another backup.", null, e);
        } else {
            described = new ArchiveException(Reason.DAMAGED, archive + " is damaged (" + detail(e) + "): it breaks " + where()
                    + ". Use an intact copy or another backup.", null, e);
        }
        failure = described;
        return described;
    }

    private String where() {
        if (current != null && tar.remaining() > 0) {
            long read = current.size - tar.remaining();
            return "inside entry " + current.name + " after " + read + " of " + current.size + " bytes";
        }
        if (lastName == null) {
            return markerSeen ? "after the end of an archive without entries" : "before the first entry";
        }
        if (markerSeen) {
            return "after the last entry, " + lastName;
        }
        return "after entry " + lastName;
    }

    private static boolean isTruncation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // zstd-jni reports a stream that stops inside a frame this way.
            if (t instanceof EOFException || "Truncated source".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static String detail(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        message = message.strip();
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        return message.isEmpty() ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }

    /** The content of the current entry, read straight from the archive. */
    private final class EntryContent extends ReadThroughInputStream {
        final String name;
        final long size;
        boolean valid = true;

        EntryContent(String name, long size) {
            this.name = name;
            this.size = size;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!valid) {
                throw new IOException("entry " + name + " of " + archive + " can no longer be read: the next entry was asked for");
            }
            check();
            try {
                return tar.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw fail(e);
            }
        }

        @Override
        public void close() {
            // The archive goes on; closing one entry's stream must not close it.
        }
    }

    /** Remembers a failure of the source itself, so it is not mistaken for damage to the archive. */
    private static final class SourceReads extends FilterInputStream {
        IOException failure;

        SourceReads(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}

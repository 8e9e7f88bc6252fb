package io.sqlbackup.manifest;

import io.sqlbackup.archive.UnpackedEntries;
import io.sqlbackup.archive.UnpackedEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Passes an archive's entries through unchanged while taking the SHA-256 of each, and when the
 * archive ends compares them with {@code sqlbackup-manifest.json}: every entry the manifest lists
 * must be there with its size and digest, and nothing else. The manifest is the last entry we
 * write, but any position is accepted. Archives written by the old scripts have no manifest;
 * they pass with {@link #manifest()} null, their tar and compression checks being all there is.
 */
public final class ManifestCheck implements UnpackedEntries {

    /** A manifest is a few hundred bytes per table; anything this large is not one of ours. */
    private static final int MAX_MANIFEST = 64 << 20;

    private final UnpackedEntries source;
    private final String archive;
    private final Map<String, Manifest.EntryRecord> seen = new LinkedHashMap<>();
    private Manifest manifest;
    private UnpackedEntry current;
    private CountingDigest currentDigest;
    private long bytes;
    private boolean finished;

    public ManifestCheck(UnpackedEntries source, String archive) {
        this.source = source;
        this.archive = archive;
    }

    @Override
    public UnpackedEntry next() throws IOException {
        finishCurrent();
        if (finished) {
            return null;
        }
        UnpackedEntry entry = source.next();
        if (entry == null) {
            finished = true;
            compare();
            return null;
        }
        if (Manifest.NAME.equals(entry.name())) {
            byte[] json = readManifest(entry);
            seen.put(entry.name(), new Manifest.EntryRecord(entry.name(), json.length, sha256(json)));
            manifest = ManifestJson.read(json, archive);
            bytes += json.length;
            return new UnpackedEntry(entry.name(), json.length, new ByteArrayInputStream(json));
        }
        currentDigest = new CountingDigest(entry.content());
        current = new UnpackedEntry(entry.name(), entry.size(), currentDigest);
        return current;
    }

    /** Reads what the consumer left of the entry, so its digest covers all of it. */
    private void finishCurrent() throws IOException {
        if (current == null) {
            return;
        }
        currentDigest.transferTo(OutputStream.nullOutputStream());
        seen.put(current.name(), new Manifest.EntryRecord(current.name(), currentDigest.count,
                HexFormat.of().formatHex(currentDigest.getMessageDigest().digest())));
        bytes += currentDigest.count;
        current = null;
        currentDigest = null;
    }

    /** An entry's bytes as the consumer reads them, digested and counted. */
    private static final class CountingDigest extends DigestInputStream {
        long count;

        CountingDigest(InputStream in) {
            super(in, newSha256());
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes must be digested too.
            return transferTo(OutputStream.nullOutputStream(), n);
        }

        private long transferTo(OutputStream out, long limit) throws IOException {
            byte[] buffer = new byte[(int) Math.min(limit, 64 * 1024)];
            long done = 0;
            while (done < limit) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, limit - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }
    }

    private byte[] readManifest(UnpackedEntry entry) throws IOException {
        if (entry.size() > MAX_MANIFEST) {
            throw new ManifestMismatchException("the manifest in " + archive + " is " + entry.size()
                    + " bytes, far more than any manifest: the archive is damaged or not a sqlbackup archive");
        }
        return entry.content().readAllBytes();
    }

    private void compare() {
        if (manifest == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        Map<String, Manifest.EntryRecord> expected = new LinkedHashMap<>();
        if (manifest.entries() != null) {
            manifest.entries().forEach(e -> expected.put(e.name(), e));
        }
        for (Manifest.EntryRecord want : expected.values()) {
            Manifest.EntryRecord got = seen.get(want.name());
            if (got == null) {
                problems.add(want.name() + " is missing");
            } else if (got.size() != want.size()) {
                problems.add(want.name() + " has " + got.size() + " bytes, the manifest says " + want.size());
            } else if (!got.sha256().equalsIgnoreCase(want.sha256())) {
                problems.add(want.name() + " has SHA-256 " + got.sha256() + ", the manifest says " + want.sha256());
            }
        }
        for (String name : seen.keySet()) {
            if (!expected.containsKey(name) && !Manifest.NAME.equals(name)) {
                problems.add(name + " is not in the manifest");
            }
        }
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(5, problems.size())));
            throw new ManifestMismatchException(archive + " does not match its manifest (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "): " + shown + (problems.size() > 5 ? "; ..." : "")
                    + ". The archive is damaged; use another backup");
        }
    }

    /** The manifest, once its entry has passed; null for archives without one. */
    public Manifest manifest() {
        return manifest;
    }

    /** Entries passed so far (the manifest included). */
    public int entries() {
        return seen.size();
    }

    /** Bytes of all entries passed so far. */
    public long bytes() {
        return bytes;
    }

    /** Whether the archive ended and everything matched. */
    public boolean complete() {
        return finished;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private static String sha256(byte[] data) {
        return HexFormat.of().formatHex(newSha256().digest(data));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

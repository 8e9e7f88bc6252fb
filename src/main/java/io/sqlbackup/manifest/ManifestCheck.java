package io.sqlbackup.manifest;

import io.sqlbackup.archive.UnpackedEntries;
import io.sqlbackup.archive.UnpackedEntry;
import io.sqlbackup.stream.DigestingInputStream;
import io.sqlbackup.stream.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
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
    private DigestingInputStream currentDigest;
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
            seen.put(entry.name(), new Manifest.EntryRecord(entry.name(), json.length, Sha256.hex(json)));
            manifest = ManifestJson.read(json, archive);
            bytes += json.length;
            return new UnpackedEntry(entry.name(), json.length, new ByteArrayInputStream(json));
        }
        currentDigest = new DigestingInputStream(entry.content());
        current = new UnpackedEntry(entry.name(), entry.size(), currentDigest);
        return current;
    }

    /** Reads what the consumer left of the entry, so its digest covers all of it. */
    private void finishCurrent() throws IOException {
        if (current == null) {
            return;
        }
        currentDigest.transferTo(OutputStream.nullOutputStream());
        seen.put(current.name(), new Manifest.EntryRecord(current.name(), currentDigest.count(), currentDigest.sha256()));
        bytes += currentDigest.count();
        current = null;
        currentDigest = null;
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

    @Override
    public void close() throws IOException {
        source.close();
    }
}

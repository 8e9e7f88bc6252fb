package io.sqlbackup.ops;

import io.sqlbackup.manifest.Manifest;
import java.nio.file.Path;

/**
 * What reading an archive through found: its entries and, for archives sqlbackup wrote, the
 * manifest every entry matched.
 *
 * @param archive   object name
 * @param sha256    the object's SHA-256 as recorded in the bucket (checked while reading), or null when none was recorded
 * @param entries   files in the archive
 * @param bytes     their total size
 * @param manifest  the manifest, or null for archives without one (written by the old scripts)
 * @param directory where the files were extracted, or null when only verified
 */
public record ArchiveReport(String archive, String sha256, int entries, long bytes, Manifest manifest, Path directory) {

    public long tables() {
        return manifest == null || manifest.tables() == null ? 0 : manifest.tables().size();
    }

    public long rows() {
        return manifest == null || manifest.tables() == null ? 0
                : manifest.tables().stream().mapToLong(Manifest.TableRecord::rows).sum();
    }
}

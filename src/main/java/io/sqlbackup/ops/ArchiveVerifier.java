package io.sqlbackup.ops;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.archive.UnpackedEntries;
import io.sqlbackup.manifest.ManifestCheck;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * {@code sqlbackup verify}: reads an archive to its end without a database. Decryption, the
 * compression checksums, the tar structure and the path guards are checked by the stages before
 * this one; here every entry's SHA-256 is compared with the manifest.
 */
public final class ArchiveVerifier {

    public ArchiveReport verify(@Body UnpackedEntries entries, @Header(BackupHeaders.OBJECT_NAME) String archive,
                                @Header(BackupHeaders.OBJECT_SHA256) String sha256) throws IOException {
        try (ManifestCheck check = new ManifestCheck(entries, archive)) {
            for (var entry = check.next(); entry != null; entry = check.next()) {
                entry.content().transferTo(OutputStream.nullOutputStream());
            }
            return new ArchiveReport(archive, sha256, check.entries(), check.bytes(), check.manifest(), null);
        }
    }
}

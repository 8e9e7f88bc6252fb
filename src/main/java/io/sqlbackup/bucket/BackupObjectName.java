package io.sqlbackup.bucket;

import io.sqlbackup.archive.Compression;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names of backup objects, as the old scripts chose them: {@code mydumper-backup-YYYY-MM-DD_HHMMSS.tar.gz}
 * in UTC ({@code .tar.zst} with zstd).
 */
public final class BackupObjectName {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss").withZone(ZoneOffset.UTC);

    private BackupObjectName() {
    }

    public static String of(Instant started, Compression compression) {
        return "mydumper-backup-" + STAMP.format(started) + compression.extension();
    }

}

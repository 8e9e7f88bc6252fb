package io.sqlbackup.bucket;

import io.sqlbackup.archive.Compression;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of backup objects, as the old scripts chose them: {@code mydumper-backup-YYYY-MM-DD_HHMMSS.tar.gz}
 * in UTC ({@code .tar.zst} with zstd). Only names of this shape are backups: anything else under
 * the same prefix belongs to someone else and is never touched.
 */
public final class BackupObjectName {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss");
    private static final Pattern NAME = Pattern.compile("mydumper-backup-(\\d{4}-\\d{2}-\\d{2}_\\d{6})\\.tar\\.(gz|zst)");

    private BackupObjectName() {
    }

    public static String of(Instant started, Compression compression) {
        return "mydumper-backup-" + STAMP.withZone(ZoneOffset.UTC).format(started) + compression.extension();
    }

    /** The snapshot time a backup's name carries, or empty when the name is not a backup's. */
    public static Optional<Instant> snapshotOf(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static boolean isBackup(String name) {
        return snapshotOf(name).isPresent();
    }
}

package io.sqlbackup.bucket;

import io.sqlbackup.archive.Compression;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of backup objects, as the old scripts chose them: {@code mydumper-backup-YYYY-MM-DD_HHMMSS.tar.gz}
 * in UTC ({@code .tar.zst} with zstd). Only names of this shape are ours; retention and listing ignore the rest.
 */
public final class BackupObjectName {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern OURS = Pattern.compile("mydumper-backup-(\\d{4}-\\d{2}-\\d{2}_\\d{6})\\.tar\\.(gz|zst)");

    private BackupObjectName() {
    }

    public static String of(Instant started, Compression compression) {
        return "mydumper-backup-" + STAMP.format(started) + compression.extension();
    }

    /** When the backup of that name was started, or empty when the name is not one of ours. */
    public static Optional<Instant> startedOf(String name) {
        Matcher m = OURS.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(STAMP.parse(m.group(1), Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

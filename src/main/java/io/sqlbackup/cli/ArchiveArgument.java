package io.sqlbackup.cli;

import io.sqlbackup.SqlBackupException;
import io.sqlbackup.bucket.BucketLocation;
import io.sqlbackup.config.Settings;
import io.sqlbackup.service.SqlbackupService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * The ARCHIVE of {@code extract} and {@code verify}: {@code latest} or an object name in the
 * configured bucket, a {@code gs://BUCKET/PREFIX/NAME} URL, or a local file ({@code file:PATH},
 * or any path with a {@code /}: {@code ./NAME} for a file in the current directory). A URL or a
 * path stands for its own bucket (the object's parent), so any archive can be read.
 *
 * @param bucketOverride settings that point {@code sqlbackup.bucket} at the archive's parent, or empty
 * @param name           the object name (or {@code latest})
 */
record ArchiveArgument(Map<String, String> bucketOverride, String name) {

    /** @param cli the command, for a usage error (exit 2) when the text names no object */
    static ArchiveArgument parse(String text, CommandLine cli) {
        String t = text.trim();
        if (t.startsWith("gs://")) {
            int slash = t.lastIndexOf('/');
            if (slash <= "gs://".length() || slash == t.length() - 1) {
                throw new CommandLine.ParameterException(cli, "'" + text + "' names no object: use gs://BUCKET/PREFIX/NAME");
            }
            return new ArchiveArgument(Map.of(BucketLocation.KEY, t.substring(0, slash)), t.substring(slash + 1));
        }
        if (t.startsWith("file:") || t.contains("/")) {
            Path file = Path.of(t.startsWith("file:") ? t.substring("file:".length()) : t).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                // said here in terms of the path given, not of a bucket the operator did not name
                throw new SqlBackupException("there is no file " + file + ": check the path (an object in"
                        + " sqlbackup.bucket is named without a /, as `sqlbackup list` shows it)");
            }
            Path parent = file.getParent();
            return new ArchiveArgument(Map.of(BucketLocation.KEY, "file:" + parent), file.getFileName().toString());
        }
        return new ArchiveArgument(Map.of(), t);
    }

    /**
     * The service that reads this archive: its own bucket when the argument is a URL or a path, else
     * the source's; the key; no schedule.
     */
    SqlbackupService openService(ConfigOptions config, SourceOption source) {
        Settings base = config.settings(Map.of("sqlbackup.schedule.enabled", "false"));
        Settings settings = bucketOverride.isEmpty() ? source.bucketOf(base) : base.with(bucketOverride);
        SqlbackupService service = new SqlbackupService(settings, SqlbackupService.Needs.ARCHIVES);
        service.start();
        return service;
    }
}

package io.sqlbackup.cli;

import io.sqlbackup.config.BackupSource;
import io.sqlbackup.config.BackupSources;
import io.sqlbackup.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --source NAME}: which backup source a one-shot command is about when the service backs up
 * several ({@code sqlbackup.sources.NAME.*}). With one source it may be left out.
 */
final class SourceOption {

    @Option(names = "--source", paramLabel = "NAME",
            description = "The backup source (sqlbackup.sources.NAME); needed only when several are configured.")
    String name;

    /** The source named (or the only one); a usage error when several are configured and none is named. */
    BackupSource select(Settings settings) {
        return BackupSources.fromSettings(settings).select(name);
    }

    /** The settings with {@code sqlbackup.bucket} pointing at the source's bucket, for commands that read one bucket. */
    Settings bucketOf(Settings settings) {
        BackupSource source = select(settings);
        return source.bucket() == null ? settings : settings.with(Map.of("sqlbackup.bucket", source.bucket()));
    }
}

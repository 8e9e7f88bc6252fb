package io.sqlbackup.cli;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.bucket.StoredObject;
import io.sqlbackup.cli.progress.DumpProgressSource;
import io.sqlbackup.cli.progress.ProgressOptions;
import io.sqlbackup.cli.progress.ProgressView;
import io.sqlbackup.dump.DumpProgress;
import io.sqlbackup.service.BackupResult;
import io.sqlbackup.service.SqlbackupService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sqlbackup backup}: one backup now, through the same route the schedule uses. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Take one backup now (dump, compress, encrypt, store) and exit.")
final class BackupCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (SqlbackupService service = new SqlbackupService(config.settings(Map.of("sqlbackup.schedule.enabled", "false")))) {
            service.start();
            DumpProgress dump = new DumpProgress();
            BackupResult result;
            // closed (the bar cleared) before the report or the error is printed
            try (ProgressView view = progress.open("backup", new DumpProgressSource(dump), spec.commandLine().getErr())) {
                result = backupWatching(service, dump);
            }
            BackupReport.print(spec.commandLine().getOut(), result);
            return 0;
        }
    }

    /**
     * {@link SqlbackupService#backupOnce()}, with the dump's progress handed in so it can be shown
     * while the backup runs.
     */
    private static BackupResult backupWatching(SqlbackupService service, DumpProgress dump) {
        long started = System.nanoTime();
        Exchange done = service.send(SqlbackupService.BACKUP_ENDPOINT, Map.of(BackupHeaders.DUMP_PROGRESS, dump));
        return new BackupResult(done.getMessage().getBody(StoredObject.class),
                done.getMessage().getHeader(BackupHeaders.DUMP_PROGRESS, DumpProgress.class),
                Duration.ofNanos(System.nanoTime() - started));
    }
}

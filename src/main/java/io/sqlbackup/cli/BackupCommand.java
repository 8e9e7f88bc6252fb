package io.sqlbackup.cli;

import io.sqlbackup.cli.progress.DumpProgressSource;
import io.sqlbackup.cli.progress.ProgressOptions;
import io.sqlbackup.cli.progress.ProgressView;
import io.sqlbackup.config.Settings;
import io.sqlbackup.dump.DumpProgress;
import io.sqlbackup.service.BackupResult;
import io.sqlbackup.service.SqlbackupService;
import java.util.Map;
import java.util.concurrent.Callable;
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
    SourceOption source;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = config.settings(Map.of("sqlbackup.schedule.enabled", "false"));
        // before anything starts: with several sources, which one
        String name = source.select(settings).name();
        try (SqlbackupService service = new SqlbackupService(settings)) {
            service.start();
            DumpProgress dump = new DumpProgress();
            BackupResult result;
            // closed (the bar cleared) before the report or the error is printed
            try (ProgressView view = progress.open("backup", new DumpProgressSource(dump), spec.commandLine().getErr())) {
                result = service.backupOnce(name, dump);
            }
            BackupReport.print(spec.commandLine().getOut(), result);
            return 0;
        }
    }
}

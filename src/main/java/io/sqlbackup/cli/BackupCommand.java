package io.sqlbackup.cli;

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (SqlbackupService service = new SqlbackupService(config.settings(Map.of("sqlbackup.schedule.enabled", "false")))) {
            service.start();
            BackupResult result = service.backupOnce();
            BackupReport.print(spec.commandLine().getOut(), result);
            return 0;
        }
    }
}

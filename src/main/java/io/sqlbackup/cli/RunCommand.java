package io.sqlbackup.cli;

import io.sqlbackup.config.BackupSource;
import io.sqlbackup.config.BackupSources;
import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import io.sqlbackup.service.SqlbackupService;
import java.util.concurrent.Callable;
import org.quartz.CronExpression;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sqlbackup run}: the service, with the backup schedule. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run as a service: back up on the cron of sqlbackup.schedule until stopped.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.settings();
        checkSchedule(settings);
        SqlbackupService.service(settings).runUntilStopped();
        return 0;
    }

    /** A bad cron must stop the service at once, not when the first firing would have been due. */
    static void checkSchedule(Settings settings) {
        settings.require("sqlbackup.schedule", "the backup schedule");
        for (BackupSource source : BackupSources.fromSettings(settings).all()) {
            String key = source.role().equals("source") ? "sqlbackup.schedule" : source.key("schedule");
            try {
                new CronExpression(source.schedule());
            } catch (java.text.ParseException e) {
                throw new ConfigurationException(key + " = '" + source.schedule() + "' is not a Quartz cron expression ("
                        + e.getMessage() + "): use six fields, seconds first, e.g. '0 0 2 * * ?' for 02:00 every day", key, e);
            }
        }
    }
}

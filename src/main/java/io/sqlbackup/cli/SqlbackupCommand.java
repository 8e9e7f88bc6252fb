package io.sqlbackup.cli;

import io.sqlbackup.Version;
import picocli.CommandLine.Command;

/** {@code sqlbackup}: the command line and the service. */
@Command(name = "sqlbackup", mixinStandardHelpOptions = true, versionProvider = SqlbackupCommand.VersionProvider.class,
        description = "Scheduled logical backups of MariaDB, streamed as openssl-encrypted mydumper archives.",
        subcommands = {RunCommand.class, BackupCommand.class, ListCommand.class, VerifyCommand.class, ExtractCommand.class, RestoreCli.class, RetentionCommand.class, DemoCommand.class},
        footer = {"", "Exit status: 0 done, 1 failed, 2 bad usage.",
                "A key the defaults or the --config file declare can also be set by environment variable: sqlbackup.source.url -> SQLBACKUP_SOURCE_URL."})
public final class SqlbackupCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sqlbackup " + Version.get()};
        }
    }
}

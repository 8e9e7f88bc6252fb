package io.sqlbackup.cli;

import io.sqlbackup.bucket.ObjectReadProgress;
import io.sqlbackup.cli.progress.ObjectReadSource;
import io.sqlbackup.cli.progress.ProgressOptions;
import io.sqlbackup.cli.progress.ProgressView;
import io.sqlbackup.ops.ArchiveReport;
import io.sqlbackup.service.SqlbackupService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sqlbackup verify ARCHIVE|latest}: check a backup end to end without a database. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = "Check a backup end to end without a database: digest, key, compression, tar, manifest.",
        description = {"Check a backup without a database: the object's recorded SHA-256, decryption with the key,",
                "compression and tar structure, and every file's SHA-256 against the archive's manifest.",
                "Records the time it passed in the object's metadata (shown by `list`)."})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    SourceOption source;

    @Mixin
    ProgressOptions progress;

    @Parameters(index = "0", paramLabel = "ARCHIVE",
            description = "latest, an object name in sqlbackup.bucket, gs://BUCKET/PREFIX/NAME, or a local file path.")
    String archive;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ArchiveArgument argument = ArchiveArgument.parse(archive, spec.commandLine());
        try (SqlbackupService service = argument.openService(config, source)) {
            ObjectReadProgress reading = new ObjectReadProgress();
            ArchiveReport report;
            // closed (the bar cleared) before the report or the error is printed
            try (ProgressView view = progress.open("verify", new ObjectReadSource("verifying", reading), spec.commandLine().getErr())) {
                report = service.verify(argument.name(), reading);
            }
            ArchiveReportPrinter.print(spec.commandLine().getOut(), "verified", report);
            return 0;
        }
    }
}

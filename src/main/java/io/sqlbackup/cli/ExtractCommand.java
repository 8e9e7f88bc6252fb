package io.sqlbackup.cli;

import io.sqlbackup.bucket.ObjectReadProgress;
import io.sqlbackup.cli.progress.ObjectReadSource;
import io.sqlbackup.cli.progress.ProgressOptions;
import io.sqlbackup.cli.progress.ProgressView;
import io.sqlbackup.ops.ArchiveExtractor;
import io.sqlbackup.ops.ArchiveReport;
import io.sqlbackup.service.SqlbackupService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sqlbackup extract ARCHIVE DIR}: decrypt and unpack a backup into a directory myloader can load. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Decrypt and unpack a backup into DIR (new or empty), checking every file against the manifest.",
                "DIR appears only when complete; load it with: myloader -d DIR"})
final class ExtractCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    SourceOption source;

    @Mixin
    ProgressOptions progress;

    @Parameters(index = "0", paramLabel = "ARCHIVE",
            description = "latest, an object name in sqlbackup.bucket, gs://BUCKET/PREFIX/NAME, or a local file path.")
    String archive;

    @Parameters(index = "1", paramLabel = "DIR", description = "Directory to create (or an empty one).")
    Path directory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ArchiveArgument argument = ArchiveArgument.parse(archive, spec.commandLine());
        // Before anything is downloaded.
        ArchiveExtractor.checkTarget(directory.toAbsolutePath().normalize());
        try (SqlbackupService service = argument.openService(config, source)) {
            ObjectReadProgress reading = new ObjectReadProgress();
            ArchiveReport report;
            // closed (the bar cleared) before the report or the error is printed
            try (ProgressView view = progress.open("extract", new ObjectReadSource("extracting", reading), spec.commandLine().getErr())) {
                report = service.extract(argument.name(), directory, reading);
            }
            ArchiveReportPrinter.print(spec.commandLine().getOut(), "extracted", report);
            return 0;
        }
    }
}

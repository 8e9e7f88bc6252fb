package io.sqlbackup.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A backup of one database taken through the command line into a file: bucket and opened the way
 * the old restore runbook does, with the real openssl and tar, into a directory myloader reads.
 */
final class SqlbackupDump {

    private static final String KEY = "values stay the same";

    private SqlbackupDump() {
    }

    /** Backs {@code database} up from {@code source} and unpacks the archive into {@code work/sqlbackup}. */
    static Path take(MariaDbServer source, String database, Path work) throws Exception {
        Tools.require("openssl", "tar", "gzip");
        Path bucket = Files.createDirectories(work.resolve("bucket"));
        CliRun run = CliRun.of("backup",
                "--set", "sqlbackup.source.url=" + source.jdbcUrl(),
                "--set", "sqlbackup.bucket=file:" + bucket,
                "--set", "sqlbackup.key=" + KEY,
                "--set", "sqlbackup.dump.databases=" + database,
                // Small files and statements, so large values span statements and tables span files.
                "--set", "sqlbackup.dump.chunk-size=64KB",
                "--set", "sqlbackup.dump.statement-size=8KB");
        assertEquals(0, run.exit(), run.err());
        List<Path> archives;
        try (Stream<Path> files = Files.list(bucket)) {
            archives = files.filter(p -> p.getFileName().toString().matches("mydumper-backup-.*\\.tar\\.gz")).toList();
        }
        assertEquals(1, archives.size(), "one archive: " + archives);
        Path dump = Files.createDirectories(work.resolve("sqlbackup"));
        Tools.shellOk(work, "openssl enc -d -aes256 -pbkdf2 -pass pass:'" + KEY + "' -in " + DumpLoader.quote(archives.get(0))
                + " | tar xz -C " + DumpLoader.quote(dump));
        return dump;
    }
}

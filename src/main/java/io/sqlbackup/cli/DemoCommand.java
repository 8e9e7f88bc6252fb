package io.sqlbackup.cli;

import io.sqlbackup.demo.WikiDataset;
import io.sqlbackup.embedded.MariaDbBinaries;
import io.sqlbackup.embedded.ReplicationPair;
import io.sqlbackup.service.BackupResult;
import io.sqlbackup.service.SqlbackupService;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sqlbackup demo}: the whole backup on this machine alone. Starts a throwaway primary and
 * replica, loads a small wiki farm into the primary, backs up the replica into
 * {@code ./demo-data/bucket}, and shows how to open the archive with openssl and tar.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a throwaway primary + replica, load sample wikis, back up the replica into ./demo-data/bucket.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--wikis", defaultValue = "3", description = "Number of wiki databases (default ${DEFAULT-VALUE}).")
    int wikis;

    @Option(names = "--pages", defaultValue = "2000", description = "Pages per wiki (default ${DEFAULT-VALUE}).")
    int pages;

    @Option(names = "--dir", defaultValue = "demo-data", description = "Where the bucket and the demo key go (default ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        MariaDbBinaries binaries = MariaDbBinaries.locate();
        out.printf("Starting a primary and a replica (%s)...%n", binaries.mariadbd());
        out.flush();
        try (ReplicationPair pair = ReplicationPair.start(binaries)) {
            out.printf("  primary %s, replica %s, replicating%n", pair.primary(), pair.replica());
            out.printf("Loading %d wikis of %d pages into the primary...%n", wikis, pages);
            out.flush();
            try (Connection c = pair.primary().connect()) {
                WikiDataset.load(c, "wiki", wikis, pages);
            }
            pair.awaitReplicaCaughtUp();
            Path keyFile = demoKey();
            Path bucket = dir.resolve("bucket").toAbsolutePath();
            out.println("Backing up the replica...");
            out.flush();
            BackupResult result;
            try (SqlbackupService service = new SqlbackupService(config.settings(Map.of(
                    "sqlbackup.source.url", pair.replica().jdbcUrl(),
                    "sqlbackup.source.user", "root",
                    "sqlbackup.source.password", "",
                    "sqlbackup.bucket", "file:" + bucket,
                    "sqlbackup.key", "",
                    "sqlbackup.key-file", keyFile.toString(),
                    "sqlbackup.schedule.enabled", "false")))) {
                service.start();
                result = service.backupOnce();
            }
            BackupReport.print(out, result);
            out.println();
            out.println("Open it by hand, as the old scripts would:");
            out.printf("  mkdir -p restore && openssl enc -d -aes256 -pbkdf2 -pass file:%s -in %s | tar xz -C restore%n",
                    keyFile, Path.of(result.object().location()));
            out.println("then load it with: myloader -d restore -h HOST -u USER -p PASSWORD");
            out.println("The demo servers are stopped and deleted now; the bucket and key stay in " + dir.toAbsolutePath());
            out.flush();
        }
        return 0;
    }

    /** A random passphrase kept beside the bucket, so the archive can be opened later. */
    private Path demoKey() throws java.io.IOException {
        Files.createDirectories(dir);
        Path key = dir.resolve("demo.key").toAbsolutePath();
        if (!Files.exists(key)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.writeString(key, Base64.getEncoder().encodeToString(random) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the key stays as created
            }
        }
        return key;
    }
}

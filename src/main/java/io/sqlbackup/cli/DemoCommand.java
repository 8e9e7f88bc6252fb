package io.sqlbackup.cli;

import io.sqlbackup.demo.WikiDataset;
import io.sqlbackup.embedded.MariaDbBinaries;
import io.sqlbackup.embedded.ReplicationPair;
import io.sqlbackup.service.BackupResult;
import io.sqlbackup.service.SqlbackupService;
import java.io.PrintWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * {@code ./demo-data/bucket}, and shows how to open the archive with openssl and tar. Then it wipes
 * both servers, drops a restore command into the inbox of a running service, and follows the
 * restore, the replication re-sync and a write replicating afterwards.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Show a backup, then a full restore with replication re-sync, on throwaway servers.",
        description = {"Start a throwaway primary + replica, load sample wikis, back up the replica into ./demo-data/bucket,",
                "then wipe both, drop a restore command into ./demo-data/inbox and show the restore, re-sync and replication."})
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
            out.println();
            List<String> databases = wipe(out, pair);
            RestoreOutcome outcome = restoreThroughInbox(out, pair, keyFile, bucket, result.object().name());
            showReplication(out, pair, databases.get(0));
            out.println("The demo servers are stopped and deleted now; the bucket and key stay in " + dir.toAbsolutePath());
            out.flush();
            return outcome.succeeded ? 0 : 1;
        }
    }

    private record RestoreOutcome(boolean succeeded) {
    }

    /** Drops every wiki on the primary; the drop replicates, so both servers end up empty. */
    private List<String> wipe(PrintWriter out, ReplicationPair pair) throws Exception {
        List<String> databases = new ArrayList<>();
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'wiki\\_%'")) {
                while (rs.next()) {
                    databases.add(rs.getString(1));
                }
            }
            for (String db : databases) {
                s.execute("DROP DATABASE `" + db + "`");
            }
        }
        pair.awaitReplicaCaughtUp();
        out.printf("Wiped both servers: dropped %s on the primary, and replication dropped them on the replica.%n",
                String.join(", ", databases));
        return databases;
    }

    /** Starts the service on an inbox, drops a restore command into it and follows its status file. */
    private RestoreOutcome restoreThroughInbox(PrintWriter out, ReplicationPair pair, Path keyFile, Path bucket, String backup)
            throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox").toAbsolutePath());
        String name = "restore-" + System.currentTimeMillis() + ".json";
        String command = "{\"backup\": \"" + backup + "\", \"targets\": [\"primary\", \"replica\"], \"replication\": true}";
        try (SqlbackupService service = new SqlbackupService(config.settings(Map.ofEntries(
                Map.entry("sqlbackup.source.url", pair.replica().jdbcUrl()),
                Map.entry("sqlbackup.primary.url", pair.primary().jdbcUrl()),
                Map.entry("sqlbackup.primary.user", "root"),
                Map.entry("sqlbackup.primary.password", ""),
                Map.entry("sqlbackup.replica.url", pair.replica().jdbcUrl()),
                Map.entry("sqlbackup.replica.user", "root"),
                Map.entry("sqlbackup.replica.password", ""),
                Map.entry("sqlbackup.bucket", "file:" + bucket),
                Map.entry("sqlbackup.key", ""),
                Map.entry("sqlbackup.key-file", keyFile.toString()),
                Map.entry("sqlbackup.restore.inbox", inbox.toString()),
                // the service runs with its inbox; its nightly backup is not due during the demo
                Map.entry("sqlbackup.schedule", "0 0 0 1 1 ? 2099"),
                Map.entry("sqlbackup.schedule.enabled", "true"),
                // its own lock directory, and no management server: a real service on this host may hold the port
                Map.entry("sqlbackup.leader-election.directory", dir.resolve("leader").toAbsolutePath().toString()),
                Map.entry("camel.management.enabled", "false"))))) {
            service.start();
            out.printf("Started the service with the restore inbox %s%n", inbox);
            out.printf("Dropping a restore command into it: %s%n  %s%n", name, command);
            out.flush();
            Path pending = inbox.resolve("." + name + ".tmp");
            Files.writeString(pending, command + "\n", StandardCharsets.UTF_8);
            Files.move(pending, inbox.resolve(name));
            Path done = inbox.resolve("done").resolve(name + ".status.json");
            Path failed = inbox.resolve("failed").resolve(name + ".status.json");
            Path running = inbox.resolve(name + ".status.json");
            ObjectMapper json = new ObjectMapper();
            int shown = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (System.nanoTime() < deadline) {
                Path status = Files.exists(done) ? done : Files.exists(failed) ? failed : running;
                if (Files.exists(status)) {
                    JsonNode node;
                    try {
                        node = json.readTree(status.toFile());
                    } catch (java.io.IOException e) {
                        Thread.sleep(100);
                        continue;
                    }
                    JsonNode steps = node.path("steps");
                    for (int i = shown; i < steps.size(); i++) {
                        out.println("  " + steps.get(i).asText());
                    }
                    shown = Math.max(shown, steps.size());
                    out.flush();
                    if (status != running) {
                        out.printf("Restore %s: %s%n  (status file: %s)%n", node.path("phase").asText(), node.path("message").asText(), status);
                        return new RestoreOutcome(status == done);
                    }
                }
                Thread.sleep(200);
            }
            out.println("The restore did not end within 30 minutes; see " + running);
            return new RestoreOutcome(false);
        }
    }

    /** Shows the replica's threads and a row written on the primary arriving on the replica. */
    private void showReplication(PrintWriter out, ReplicationPair pair, String database) throws Exception {
        try (Connection r = pair.replica().connect(); Statement s = r.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            if (rs.next()) {
                out.printf("Replica: Slave_IO_Running=%s, Slave_SQL_Running=%s, Seconds_Behind_Master=%s, replicating from %s:%s as %s%n",
                        rs.getString("Slave_IO_Running"), rs.getString("Slave_SQL_Running"), rs.getString("Seconds_Behind_Master"),
                        rs.getString("Master_Host"), rs.getString("Master_Port"), rs.getString("Master_User"));
            }
        }
        try (Connection p = pair.primary().connect(); Statement s = p.createStatement()) {
            s.execute("UPDATE `" + database + "`.page SET page_touched = DATE_FORMAT(NOW(), '%Y%m%d%H%i%s') WHERE page_id = 1");
        }
        pair.awaitReplicaCaughtUp();
        out.printf("A write on the primary (%s.page, page_id 1) reached the replica: replication runs.%n", database);
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

package io.sqlbackup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlbackup.config.Settings;
import io.sqlbackup.config.SettingsLoader;
import io.sqlbackup.demo.WikiDataset;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.embedded.ReplicationPair;
import io.sqlbackup.service.SqlbackupService;
import io.sqlbackup.testing.Checksums;
import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ways a restore command arrives (inbox file, JMX operation, command line) and the queue
 * behind them: one at a time, the next one says it is queued, the schedule holds off, a command
 * cut off by a restart is not silently run again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreSourcesTest {

    private static final String KEY = "restore sources key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ReplicationPair pair;
    private static Path bucket;
    private static List<String> wikis;
    private static Map<String, Long> before;
    /** The backup the tests restore by name: the schedule adds others while they run. */
    private static String backup;

    @BeforeAll
    static void backUp() throws Exception {
        pair = ReplicationPair.start(TestServers.binaries());
        bucket = Files.createTempDirectory("sqlbackup-restore-sources");
        try (Connection c = pair.primary().connect()) {
            wikis = WikiDataset.load(c, "swiki", 2, 200);
        }
        pair.awaitReplicaCaughtUp();
        before = sums(pair.primary());
        try (SqlbackupService service = new SqlbackupService(settings(Map.of()))) {
            service.start();
            backup = service.backupOnce().object().name();
        }
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    private static Map<String, Long> sums(MariaDbServer server) throws SQLException {
        try (Connection c = server.connect()) {
            return Checksums.of(c, wikis.toArray(String[]::new));
        }
    }

    private static Map<String, String> base() {
        Map<String, String> values = new TreeMap<>();
        values.put("sqlbackup.source.url", pair.replica().jdbcUrl());
        values.put("sqlbackup.primary.url", pair.primary().jdbcUrl());
        values.put("sqlbackup.replica.url", pair.replica().jdbcUrl());
        values.put("sqlbackup.bucket", "file:" + bucket);
        values.put("sqlbackup.key", KEY);
        values.put("sqlbackup.restore.replication-timeout", "60s");
        return values;
    }

    static Settings settings(Map<String, String> extra) {
        Map<String, String> values = base();
        values.put("sqlbackup.schedule.enabled", "false");
        values.putAll(extra);
        return new SettingsLoader(Map.of()).load(null, values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static String[] cliSettings() {
        List<String> args = new ArrayList<>();
        base().forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return args.toArray(String[]::new);
    }

    private static void wipe() throws Exception {
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            for (String db : RestoreTest.userDatabases(pair.primary())) {
                s.execute("DROP DATABASE `" + db + "`");
            }
        }
        pair.awaitReplicaCaughtUp();
    }

    private static JsonNode await(Path file, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                try {
                    return JSON.readTree(file.toFile());
                } catch (java.io.IOException e) {
                    // being replaced; read again
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(file + " did not appear within " + seconds + " s");
    }

    private static long objects() throws java.io.IOException {
        try (Stream<Path> files = Files.list(bucket)) {
            return files.filter(p -> p.getFileName().toString().matches("mydumper-backup-.*\\.tar\\.gz")).count();
        }
    }

    @Test
    @Order(1)
    void inboxCommandsRunOneAtATimeAndEndInDoneOrFailedWithTheirStatus() throws Exception {
        wipe();
        Path inbox = Files.createTempDirectory("sqlbackup-inbox");
        Files.writeString(inbox.resolve("a-restore.json"), "{\"backup\": \"" + backup + "\", \"targets\": [\"primary\", \"replica\"]}");
        Files.writeString(inbox.resolve("b-bad.json"), "{\"backup\": \"" + backup + "\", \"databases\": [\"no_such_wiki\"]}");
        Files.writeString(inbox.resolve("c-typo.json"), "{\"overwite\": true}");
        // d was running when the service stopped: it is not run again by itself
        Files.writeString(inbox.resolve("d-interrupted.json"), "{}");
        Files.writeString(inbox.resolve("d-interrupted.json.status.json"), "{\"phase\": \"Running\"}");
        long backupsAtStart = -1;
        boolean sawQueued = false;
        try (SqlbackupService service = new SqlbackupService(settings(Map.of(
                "sqlbackup.schedule.enabled", "true",
                // a backup every second, which must hold off while restores are queued or running
                "sqlbackup.schedule", "* * * * * ?",
                "sqlbackup.restore.inbox", inbox.toString())))) {
            service.start();
            JsonNode a = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && !Files.exists(inbox.resolve("done/a-restore.json.status.json"))) {
                Path aStatus = inbox.resolve("a-restore.json.status.json");
                if (backupsAtStart < 0 && Files.exists(aStatus) && aStatus.toFile().length() > 0) {
                    try {
                        if ("Running".equals(JSON.readTree(aStatus.toFile()).path("phase").asText())) {
                            backupsAtStart = objects();
                        }
                    } catch (java.io.IOException e) {
                        // being replaced
                    }
                }
                Path bStatus = inbox.resolve("b-bad.json.status.json");
                if (Files.exists(bStatus)) {
                    try {
                        sawQueued |= JSON.readTree(bStatus.toFile()).path("message").asText().startsWith("queued");
                    } catch (java.io.IOException e) {
                        // being replaced
                    }
                }
                Thread.sleep(20);
            }
            a = await(inbox.resolve("done/a-restore.json.status.json"), 1);
            assertTrue(backupsAtStart >= 0, "the restore was seen running");
            assertEquals(backupsAtStart, objects(), "no scheduled backup ran while the restore ran");
            assertEquals("Succeeded", a.path("phase").asText(), a.toString());
            assertTrue(a.path("steps").toString().contains("RESET MASTER"), a.toString());
            assertTrue(Files.exists(inbox.resolve("done/a-restore.json")));
            JsonNode b = await(inbox.resolve("failed/b-bad.json.status.json"), 60);
            assertEquals("Failed", b.path("phase").asText());
            assertTrue(b.path("message").asText().contains("no_such_wiki is not in"), b.toString());
            JsonNode c = await(inbox.resolve("failed/c-typo.json.status.json"), 10);
            assertTrue(c.path("message").asText().contains("unknown field 'overwite'"), c.toString());
            JsonNode d = await(inbox.resolve("failed/d-interrupted.json.status.json"), 10);
            assertTrue(d.path("message").asText().startsWith("interrupted"), d.toString());
            // the same name dropped in again is a new command (here refused: the targets hold data now)
            Files.delete(inbox.resolve("failed/c-typo.json.status.json"));
            Files.writeString(inbox.resolve("c-typo.json"), "{\"backup\": \"" + backup + "\"}");
            JsonNode again = await(inbox.resolve("failed/c-typo.json.status.json"), 30);
            assertTrue(again.path("message").asText().contains("already holds user databases"), again.toString());
        }
        assertTrue(sawQueued, "the second command said it was queued while the first ran");
        assertEquals(before, sums(pair.primary()));
        assertEquals(before, sums(pair.replica()));
    }

    @Test
    @Order(2)
    void jmxOperationStartsARestoreAndItsAttributesShowIt() throws Exception {
        wipe();
        try (SqlbackupService service = new SqlbackupService(settings(Map.of()))) {
            service.start();
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(RestoreControl.OBJECT_NAME);
            String answer = (String) server.invoke(name, "restore", new Object[]{"{\"backup\": \"" + backup + "\"}"},
                    new String[]{String.class.getName()});
            // accepted: queued, or already taken by the queue thread
            assertTrue(answer.matches("restore-1: (Queued|Running), .*"), answer);
            boolean sawTables = false;
            boolean sawMeter = false;
            io.micrometer.core.instrument.MeterRegistry meters =
                    service.context().getRegistry().findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
            assertTrue(meters != null, "camel.metrics.enabled gives a meter registry");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                String phase = (String) server.getAttribute(name, "Phase");
                sawTables |= (Integer) server.getAttribute(name, "TablesTotal") > 0;
                sawMeter |= meters.get("sqlbackup.restore.tables").gauge().value() > 0;
                if (phase.equals("SUCCEEDED") || phase.equals("FAILED")) {
                    break;
                }
                Thread.sleep(20);
            }
            assertEquals("SUCCEEDED", server.getAttribute(name, "Phase"), (String) server.getAttribute(name, "Message"));
            assertTrue(sawTables, "the load's table count was visible while it ran");
            assertTrue(sawMeter, "and in the metrics");
            assertEquals(1.0, meters.get("sqlbackup.restores").tag("outcome", "succeeded").functionCounter().count());
            // the registry Camel exports writes them in the Prometheus text format
            String scrape = ((io.micrometer.prometheusmetrics.PrometheusMeterRegistry) meters).scrape();
            assertTrue(scrape.contains("sqlbackup_restores_total{outcome=\"succeeded\"} 1.0"), scrape);
            assertTrue(scrape.contains("\nsqlbackup_restore_replication_running 1.0"), "replication re-synced and verified: " + scrape);
            java.util.regex.Matcher ended = java.util.regex.Pattern.compile("\nsqlbackup_restore_last_success_timestamp_seconds ([0-9.E]+)")
                    .matcher(scrape);
            assertTrue(ended.find(), scrape);
            assertTrue(Math.abs(Double.parseDouble(ended.group(1)) - System.currentTimeMillis() / 1000.0) < 600, ended.group());
            assertTrue(scrape.contains("\nsqlbackup_restore_last_failure_timestamp_seconds NaN"), "no restore failed here: " + scrape);
            double archiveBytes = meters.get("sqlbackup.restore.last.success").gauge().value();
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(bucket)) {
                java.util.List<Long> sizes = files.filter(f -> f.getFileName().toString().endsWith(".tar.gz")).map(f -> f.toFile().length())
                        .toList();
                assertTrue(sizes.contains((long) archiveBytes), "the restored archive's size " + archiveBytes + " among " + sizes);
            }
        }
        assertEquals(before, sums(pair.replica()));
    }

    @Test
    @Order(3)
    void commandLineRestoresThePrimaryOnlyAndLeavesTheReplicaAlone() throws Exception {
        try (Connection c = pair.replica().connect(); Statement s = c.createStatement()) {
            s.execute("STOP SLAVE");
        }
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE `" + wikis.get(0) + "`");
        }
        List<String> args = new ArrayList<>(List.of("restore", "--backup", backup, "--targets", "primary", "--databases", wikis.get(0)));
        args.addAll(List.of(cliSettings()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("loaded the primary"), run.out());
        assertTrue(run.out().contains("Done: restored"), run.out());
        assertEquals(before, sums(pair.primary()));
        assertEquals(before, sums(pair.replica()), "the replica kept its data");
        try (Connection c = pair.replica().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            rs.next();
            assertEquals("No", rs.getString("Slave_SQL_Running"), "a primary-only restore leaves the replica as it was");
        }
    }

    @Test
    @Order(4)
    void badUsageIsExitTwoAndTouchesNothing() {
        List<String> args = new ArrayList<>(List.of("restore", "--targets", "secondary"));
        args.addAll(List.of(cliSettings()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("unknown target 'secondary'"), run.err());
    }
}

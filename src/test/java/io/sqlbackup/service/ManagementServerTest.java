package io.sqlbackup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlbackup.config.Settings;
import io.sqlbackup.config.SettingsLoader;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.testing.DocumentedMetrics;
import io.sqlbackup.testing.TestServers;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * `sqlbackup run`'s management server over real HTTP: liveness and readiness, the Prometheus text
 * with the backup meters, and Jolokia behind basic authentication with its access policy, as
 * hawtio would call it. The source server is stopped at the end to see a failure reach all three.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagementServerTest {

    private static final String USER = "operator";
    private static final String PASSWORD = "jolokia-test-password";
    private static final String VIEWER = "watcher";
    private static final String VIEWER_PASSWORD = "viewer-test-password";
    private static final String NO_ROLE = "typo";
    private static final String NO_ROLE_PASSWORD = "typo-test-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;
    private static MariaDbServer source;
    private static SqlbackupService service;
    private static String base;

    @BeforeAll
    static void startService() throws Exception {
        source = TestServers.fresh(71);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE observed");
            s.execute("CREATE TABLE observed.t (id INT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO observed.t VALUES (1, 'one'), (2, 'two')");
        }
        Path users = tmp.resolve("users.properties");
        Files.writeString(users, "user." + USER + " = " + PASSWORD + ",operator\n"
                + "user." + VIEWER + " = " + VIEWER_PASSWORD + ",viewer\n"
                + "user." + NO_ROLE + " = " + NO_ROLE_PASSWORD + ",operater\n");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        Settings settings = new SettingsLoader(Map.of()).load(null, List.of(
                "sqlbackup.source.url=" + source.jdbcUrl(),
                // a restore target that holds data: a restore command over Jolokia is refused there
                "sqlbackup.primary.url=" + source.jdbcUrl(),
                "sqlbackup.bucket=file:" + tmp.resolve("bucket"),
                "sqlbackup.key=management-test",
                "sqlbackup.dump.databases=observed",
                // far away: backups here come from backupNow
                "sqlbackup.schedule=0 0 3 1 1 ? 2099",
                "sqlbackup.schedule.enabled=true",
                "sqlbackup.leader-election.directory=" + tmp.resolve("leader"),
                "sqlbackup.readiness.interval=1s",
                "sqlbackup.jolokia.users-file=" + users,
                "camel.management.port=" + port,
                "camel.management.host=127.0.0.1"));
        service = new SqlbackupService(settings);
        service.start();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    @Order(1)
    void livenessAndReadinessAreUpWithTheSourceAndBucketChecked() throws Exception {
        assertEquals(200, get("/observe/health/live", false).statusCode());
        HttpResponse<String> ready = awaitResponse("/observe/health/ready", false,
                r -> r.statusCode() == 200 && r.body().contains("source-default") && r.body().contains("bucket-default"));
        JsonNode checks = JSON.readTree(ready.body()).get("checks");
        for (JsonNode check : checks) {
            assertEquals("UP", check.get("status").asText(), check.toString());
        }
    }

    @Test
    @Order(2)
    void jolokiaRefusesCallersWithoutTheUsersPassword() throws Exception {
        assertEquals(401, get("/observe/jolokia/version", false).statusCode());
        HttpRequest wrong = HttpRequest.newBuilder(URI.create(base + "/observe/jolokia/version"))
                .header("Authorization", basic(USER, "not-the-password")).build();
        assertEquals(401, HTTP.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, get("/observe/jolokia/version", true).statusCode());
    }

    @Test
    @Order(3)
    void backupNowOverJolokiaShowsInTheMBeanAndTheMetrics() throws Exception {
        JsonNode started = jolokia(Map.of("type", "exec", "mbean", "io.sqlbackup:type=Backup,source=default",
                "operation", "backupNow()"));
        assertEquals(200, started.get("status").asInt(), started.toString());
        assertTrue(started.get("value").asText().contains("started"), started.toString());
        JsonNode result = awaitJolokia(Map.of("type", "read", "mbean", "io.sqlbackup:type=Backup,source=default",
                "attribute", "LastResult"), v -> v.asText().equals("Succeeded"));
        assertEquals("Succeeded", result.asText());
        JsonNode last = jolokia(Map.of("type", "read", "mbean", "io.sqlbackup:type=Backup,source=default")).get("value");
        assertTrue(last.get("LastBackup").asText().matches("mydumper-backup-\\d{4}-\\d\\d-\\d\\d_\\d{6}\\.tar\\.gz"), last.toString());
        assertTrue(last.get("LastSizeBytes").asLong() > 0, last.toString());
        // one machine: this process takes its source's lock file and so leads its schedule
        awaitJolokia(Map.of("type", "read", "mbean", "io.sqlbackup:type=Backup,source=default", "attribute", "Leader"),
                JsonNode::asBoolean);
        // Camel's own route MBeans are readable too, as hawtio shows them.
        JsonNode route = jolokia(Map.of("type", "read", "mbean", "org.apache.camel:context=sqlbackup,type=routes,name=\"backup\"",
                "attribute", "ExchangesCompleted"));
        assertEquals(200, route.get("status").asInt(), route.toString());
        assertEquals(1, route.get("value").asLong(), route.toString());

        String metrics = get("/observe/metrics", false).body();
        double lastSuccess = sample(metrics, "sqlbackup_backup_last_success_timestamp_seconds{source=\"default\"}");
        assertTrue(Math.abs(lastSuccess - System.currentTimeMillis() / 1000.0) < 120, metrics);
        assertTrue(sample(metrics, "sqlbackup_backup_last_success_bytes{source=\"default\"}") > 0);
        assertTrue(sample(metrics, "sqlbackup_backup_last_success_duration_seconds{source=\"default\"}") > 0);
        assertEquals(0, sample(metrics, "sqlbackup_backup_failures_total{source=\"default\"}"));
        assertEquals(1, sample(metrics, "sqlbackup_backup_successes_total{source=\"default\"}"));
        assertEquals(-1, sample(metrics, "sqlbackup_backup_replica_lag_seconds{source=\"default\"}"), "the source is no replica");
        assertEquals(1, sample(metrics, "sqlbackup_backup_leader{source=\"default\"}"));
        assertEquals(1, sample(metrics, "sqlbackup_source_up{source=\"default\"}"));
        assertEquals(0, sample(metrics, "sqlbackup_restore_running"));
        assertEquals(-1, sample(metrics, "sqlbackup_restore_eta_seconds"), "no load runs");
        assertEquals(DocumentedMetrics.names(), DocumentedMetrics.served(metrics),
                "the service serves exactly the metrics the README documents (and the alerts read)");
    }

    @Test
    @Order(4)
    void theAccessPolicyAllowsOurOperationsOnly() throws Exception {
        JsonNode paused = jolokia(Map.of("type", "exec", "mbean", "io.sqlbackup:type=Backup,source=default",
                "operation", "pauseSchedule()"));
        assertEquals(200, paused.get("status").asInt(), paused.toString());
        assertEquals(1, sample(get("/observe/metrics", false).body(), "sqlbackup_backup_schedule_paused{source=\"default\"}"));
        JsonNode resumed = jolokia(Map.of("type", "exec", "mbean", "io.sqlbackup:type=Backup,source=default",
                "operation", "resumeSchedule()"));
        assertEquals(200, resumed.get("status").asInt(), resumed.toString());
        assertEquals(0, sample(get("/observe/metrics", false).body(), "sqlbackup_backup_schedule_paused{source=\"default\"}"));

        JsonNode stopRoute = jolokia(Map.of("type", "exec", "mbean", "org.apache.camel:context=sqlbackup,type=routes,name=\"backup\"",
                "operation", "stop()"));
        assertEquals(403, stopRoute.get("status").asInt(), "stopping a route is refused: " + stopRoute);
        assertTrue(service.context().getRouteController().getRouteStatus("backup").isStarted());
        JsonNode heapDump = jolokia(Map.of("type", "exec", "mbean", "com.sun.management:type=HotSpotDiagnostic",
                "operation", "dumpHeap(java.lang.String,boolean)", "arguments", List.of(tmp.resolve("heap.hprof").toString(), true)));
        assertEquals(403, heapDump.get("status").asInt(), "a heap dump would hold the key: " + heapDump);
        assertFalse(Files.exists(tmp.resolve("heap.hprof")));
        JsonNode write = jolokia(Map.of("type", "write", "mbean", "org.apache.camel:context=sqlbackup,type=context,name=\"sqlbackup\"",
                "attribute", "Tracing", "value", true));
        assertEquals(403, write.get("status").asInt(), write.toString());

        // the JVM's command line would show a key given with --set
        JsonNode commandLine = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "InputArguments"));
        assertEquals(403, commandLine.get("status").asInt(), commandLine.toString());
        JsonNode properties = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "SystemProperties"));
        assertEquals(403, properties.get("status").asInt(), properties.toString());
        JsonNode runtime = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime"));
        assertEquals(403, runtime.get("status").asInt(), "not in a read of the whole MBean either: " + runtime);
        JsonNode uptime = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "Uptime"));
        assertEquals(200, uptime.get("status").asInt(), "the rest stays readable: " + uptime);
    }

    @Test
    @Order(5)
    void aViewerReadsButRunsNoOperationAndAUserWithoutARoleIsRefused() throws Exception {
        String read = "{\"type\":\"read\",\"mbean\":\"io.sqlbackup:type=Backup,source=default\",\"attribute\":\"LastResult\"}";
        HttpResponse<String> viewerRead = post(VIEWER, VIEWER_PASSWORD, read);
        assertEquals(200, viewerRead.statusCode(), viewerRead.body());
        assertEquals("Succeeded", JSON.readTree(viewerRead.body()).get("value").asText());
        assertEquals(200, get("/observe/jolokia/read/io.sqlbackup:type=Backup,source=default/LastResult", VIEWER, VIEWER_PASSWORD)
                .statusCode());

        long successes = (long) sample(get("/observe/metrics", false).body(), "sqlbackup_backup_successes_total{source=\"default\"}");
        String backupNow = "{\"type\":\"exec\",\"mbean\":\"io.sqlbackup:type=Backup,source=default\",\"operation\":\"backupNow()\"}";
        for (String request : List.of(backupNow, "[" + read + "," + backupNow + "]")) {
            HttpResponse<String> refused = post(VIEWER, VIEWER_PASSWORD, request);
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("role operator"), refused.body());
        }
        // Operations only as a POST, for everyone: a GET could come from any page with a cached login.
        String pause = "/exec/io.sqlbackup:type=Backup,source=default/pauseSchedule()";
        for (String[] login : List.of(new String[]{VIEWER, VIEWER_PASSWORD}, new String[]{USER, PASSWORD})) {
            HttpResponse<String> getExec = get("/observe/jolokia" + pause, login[0], login[1]);
            assertEquals(405, getExec.statusCode(), getExec.body());
            assertTrue(getExec.body().contains("only as a POST"), getExec.body());
            HttpResponse<String> viaParameter = get("/observe/jolokia/?p=" + pause, login[0], login[1]);
            assertEquals(405, viaParameter.statusCode(), viaParameter.body());
            // The path and p at once: Jolokia would take the path, so the check may not take p.
            for (String p : List.of("?p=/version", "?p=", "?p=/read/java.lang:type%3DMemory")) {
                HttpResponse<String> both = get("/observe/jolokia" + pause + p, login[0], login[1]);
                assertEquals(400, both.statusCode(), p + ": " + both.body());
            }
        }
        assertEquals(0, sample(get("/observe/metrics", false).body(), "sqlbackup_backup_schedule_paused{source=\"default\"}"),
                "no GET paused the schedule");

        HttpResponse<String> noRole = post(NO_ROLE, NO_ROLE_PASSWORD, read);
        assertEquals(403, noRole.statusCode(), "a mistyped role grants nothing: " + noRole.body());
        Thread.sleep(500);
        assertEquals(successes, (long) sample(get("/observe/metrics", false).body(),
                "sqlbackup_backup_successes_total{source=\"default\"}"), "no backup was started by a refused call");
        assertEquals("Succeeded", jolokia(Map.of("type", "read", "mbean", "io.sqlbackup:type=Backup,source=default",
                "attribute", "LastResult")).get("value").asText());
    }

    @Test
    @Order(6)
    void aRestoreCommandOverJolokiaIsQueuedAndItsRefusalShowsInTheMBeanAndTheMetrics() throws Exception {
        JsonNode accepted = jolokia(Map.of("type", "exec", "mbean", "io.sqlbackup:type=Restore", "operation", "restore",
                "arguments", List.of("{\"targets\": [\"primary\"], \"replication\": false}")));
        assertEquals(200, accepted.get("status").asInt(), accepted.toString());
        JsonNode phase = awaitJolokia(Map.of("type", "read", "mbean", "io.sqlbackup:type=Restore", "attribute", "Phase"),
                v -> v.asText().equals("FAILED"));
        assertEquals("FAILED", phase.asText());
        String message = jolokia(Map.of("type", "read", "mbean", "io.sqlbackup:type=Restore", "attribute", "Message"))
                .get("value").asText();
        assertTrue(message.contains("already holds user databases (observed)") && message.contains("Nothing was changed"), message);
        String metrics = get("/observe/metrics", false).body();
        assertEquals(1, sample(metrics, "sqlbackup_restores_total{outcome=\"failed\"}"), "the series SqlbackupRestoreFailed reads");
        assertEquals(0, sample(metrics, "sqlbackup_restores_total{outcome=\"succeeded\"}"));
        assertTrue(Math.abs(sample(metrics, "sqlbackup_restore_last_failure_timestamp_seconds") - System.currentTimeMillis() / 1000.0) < 120);
        assertEquals(0, sample(metrics, "sqlbackup_restore_running"));
        try (Connection c = source.connect(); Statement s = c.createStatement();
             java.sql.ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM observed.t")) {
            rows.next();
            assertEquals(2, rows.getInt(1), "the refused restore changed nothing");
        }
    }

    @Test
    @Order(7)
    void aCrossSiteRequestFromAWebPageIsRefusedEvenWithTheLogin() throws Exception {
        String read = "{\"type\":\"read\",\"mbean\":\"io.sqlbackup:type=Backup,source=default\",\"attribute\":\"LastResult\"}";
        for (String origin : List.of("https://attacker.example", "http://localhost:8080")) {
            HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/observe/jolokia"))
                    .header("Authorization", basic(USER, PASSWORD)).header("Origin", origin)
                    .POST(HttpRequest.BodyPublishers.ofString(read)).build();
            HttpResponse<String> response = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
            boolean local = origin.contains("localhost");
            // refused by sqlbackup before Jolokia: a 403 that says why
            int status = response.statusCode() == 200 ? JSON.readTree(response.body()).get("status").asInt() : response.statusCode();
            assertEquals(local ? 200 : 403, status, origin + ": " + response.body());
            if (!local) {
                assertTrue(response.body().contains("cross-site requests are refused"), response.body());
            }
        }
    }

    @Test
    @Order(8)
    void aLostSourceMakesThePodUnreadyButAliveAndTheFailureIsCounted() throws Exception {
        source.close();
        HttpResponse<String> ready = awaitResponse("/observe/health/ready", false, r -> r.statusCode() == 503);
        assertTrue(ready.body().contains("source-default"), ready.body());
        assertEquals(200, get("/observe/health/live", false).statusCode(), "a lost database is no reason to restart");
        assertEquals(0, sample(get("/observe/metrics", false).body(), "sqlbackup_source_up{source=\"default\"}"));

        jolokia(Map.of("type", "exec", "mbean", "io.sqlbackup:type=Backup,source=default", "operation", "backupNow()"));
        JsonNode result = awaitJolokia(Map.of("type", "read", "mbean", "io.sqlbackup:type=Backup,source=default",
                "attribute", "LastResult"), v -> v.asText().startsWith("Failed"));
        assertTrue(result.asText().contains("source"), result.asText());
        String metrics = get("/observe/metrics", false).body();
        assertEquals(1, sample(metrics, "sqlbackup_backup_failures_total{source=\"default\"}"));
        assertTrue(sample(metrics, "sqlbackup_backup_last_success_timestamp_seconds{source=\"default\"}") > 0,
                "the last success is still the one before");
        assertFalse(metrics.contains(PASSWORD) || metrics.contains("management-test"), "no secret in the metrics");
    }

    private static double sample(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return fail("no sample " + series + " in:\n" + metrics);
    }

    private static HttpResponse<String> get(String path, boolean authenticated) throws Exception {
        return authenticated ? get(path, USER, PASSWORD) : get(path, null, null);
    }

    private static HttpResponse<String> get(String path, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String user, String password, String body) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/observe/jolokia"))
                .header("Authorization", basic(user, password)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(post, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> awaitResponse(String path, boolean authenticated, Predicate<HttpResponse<String>> done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(path, authenticated);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        return fail(path + " did not come to the expected answer; last: " + (last == null ? null : last.statusCode() + " " + last.body()));
    }

    private static JsonNode jolokia(Map<String, Object> request) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/observe/jolokia"))
                .header("Authorization", basic(USER, PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build();
        HttpResponse<String> response = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode awaitJolokia(Map<String, Object> request, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = jolokia(request).get("value");
            if (last != null && done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        return fail("Jolokia " + request + " did not come to the expected value; last: " + last);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

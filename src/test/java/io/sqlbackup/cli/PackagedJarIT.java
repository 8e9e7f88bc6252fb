package io.sqlbackup.cli;

import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.testing.TestServers;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar operators run, not the test class path: the demo through {@code java -Xmx256m -jar}
 * takes a backup, restores it through the inbox and re-syncs replication, so every component the
 * routes use must be in the shaded jar.
 */
class PackagedJarIT {

    @Test
    void theDemoRunsFromThePackagedJar(@TempDir Path tmp) throws Exception {
        Path jar = Path.of(System.getProperty("sqlbackup.jar", "target/sqlbackup.jar"));
        assertTrue(Files.exists(jar), "no " + jar + ": mvn package first");
        Path log = tmp.resolve("demo.out");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString(), "demo", "--wikis", "1", "--pages", "100", "--dir", tmp.resolve("demo-data").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the demo did not end within 5 minutes: " + read(log));
        }
        String out = read(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Restore Succeeded"), out);
        assertTrue(out.contains("Slave_IO_Running=Yes, Slave_SQL_Running=Yes"), out);
    }

    /**
     * {@code sqlbackup run} from the jar, as the image runs it: it schedules and takes backups (every
     * two seconds here), is ready and serves the backup meters and Jolokia on its management port,
     * and on SIGTERM stops cleanly (exit status 143, the JVM's for SIGTERM) and gives its lock back.
     */
    @Test
    void theServiceRunsFromThePackagedJarAndStopsOnSigterm(@TempDir Path tmp) throws Exception {
        Path jar = Path.of(System.getProperty("sqlbackup.jar", "target/sqlbackup.jar"));
        assertTrue(Files.exists(jar), "no " + jar + ": mvn package first");
        try (MariaDbServer source = TestServers.fresh(91)) {
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE served");
                s.execute("CREATE TABLE served.t (id INT PRIMARY KEY)");
                s.execute("INSERT INTO served.t VALUES (1), (2)");
            }
            Path users = tmp.resolve("users.properties");
            Files.writeString(users, "user.ops = run-it-password,viewer\n");
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path log = tmp.resolve("run.out");
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-jar", jar.toString(), "run",
                    "--set", "sqlbackup.source.url=" + source.jdbcUrl(),
                    "--set", "sqlbackup.bucket=file:" + tmp.resolve("bucket"),
                    "--set", "sqlbackup.key=run-it-key",
                    "--set", "sqlbackup.dump.databases=served",
                    "--set", "sqlbackup.schedule=*/2 * * * * ?",
                    "--set", "sqlbackup.leader-election.directory=" + tmp.resolve("leader"),
                    "--set", "sqlbackup.jolokia.users-file=" + users,
                    "--set", "camel.management.host=127.0.0.1",
                    "--set", "camel.management.port=" + port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + port;
                String metrics = awaitBody(http, base + "/observe/metrics", p, log,
                        body -> body.matches("(?s).*\nsqlbackup_backup_successes_total\\{source=\"default\"\\} [1-9].*"));
                assertTrue(metrics.contains("sqlbackup_backup_leader{source=\"default\"} 1"), metrics);
                awaitBody(http, base + "/observe/health/ready", p, log, body -> body.contains("\"UP\""));
                HttpResponse<String> jolokia = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/observe/jolokia/read/io.sqlbackup:type=Backup,source=default/LastResult"))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                "ops:run-it-password".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(jolokia.body().contains("\"value\":\"Succeeded\""), jolokia.body());
            } finally {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("sqlbackup run did not stop within 60 s of SIGTERM: " + read(log));
                }
            }
            String out = read(log);
            assertEquals(143, p.exitValue(), out);
            assertTrue(out.contains("shutdown"), "Camel shut down: " + out);
            assertTrue(!out.contains("run-it-key") && !out.contains("run-it-password"), "no secret in the log");
        }
    }

    private static String awaitBody(HttpClient http, String url, Process p, Path log,
                                    java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("sqlbackup run exited with " + p.exitValue() + ": " + read(log));
            }
            try {
                last = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(url + " never answered as expected; last: " + last + "\nlog: " + read(log));
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}

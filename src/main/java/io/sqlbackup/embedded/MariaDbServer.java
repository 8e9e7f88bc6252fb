package io.sqlbackup.embedded;

import io.sqlbackup.SqlBackupException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB server: a fresh data directory in a temporary folder, a free port on
 * 127.0.0.1, {@code --no-defaults} so no local configuration leaks in, root over TCP without a
 * password, binary log on. It is stopped and its folder deleted on {@link #close()}, at JVM exit,
 * and, through a small watchdog process, even when the JVM is killed.
 */
public final class MariaDbServer implements AutoCloseable {

    private static final Set<MariaDbServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(MariaDbServer::close), "mariadb-cleanup"));
    }

    private final Path directory;
    private final int port;
    private final int serverId;
    private final Process process;

    private MariaDbServer(Path directory, int port, int serverId, Process process) {
        this.directory = directory;
        this.port = port;
        this.serverId = serverId;
        this.process = process;
    }

    /** Starts a server with the given server id (replication needs distinct ids). */
    public static MariaDbServer start(MariaDbBinaries binaries, int serverId) {
        Path dir;
        try {
            dir = Files.createTempDirectory("sqlbackup-mariadb-");
        } catch (IOException e) {
            throw new SqlBackupException("cannot create a temporary directory for a MariaDB server: " + e.getMessage());
        }
        try {
            install(binaries, dir);
            SqlBackupException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                Process p = launch(binaries, dir, port, serverId);
                MariaDbServer server = new MariaDbServer(dir, port, serverId, p);
                LIVE.add(server);
                watch(p.pid(), dir);
                try {
                    server.awaitReady();
                    return server;
                } catch (SqlBackupException e) {
                    last = e;
                    server.stopProcess();
                    LIVE.remove(server);
                }
            }
            throw last;
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    private static void install(MariaDbBinaries binaries, Path dir) {
        List<String> cmd = new ArrayList<>(List.of(binaries.installDb().toString(), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--user=" + System.getProperty("user.name"),
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        if (binaries.baseDir() != null) {
            cmd.add("--basedir=" + binaries.baseDir());
        }
        run(cmd, dir.resolve("install.log"));
    }

    private static Path createDirectory(Path directory) {
        try {
            return java.nio.file.Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new SqlBackupException("cannot create " + directory + ": " + e.getMessage());
        }
    }

    private static Process launch(MariaDbBinaries binaries, Path dir, int port, int serverId) {
        List<String> cmd = new ArrayList<>(List.of(binaries.mariadbd().toString(), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mariadb.sock"), "--pid-file=" + dir.resolve("mariadb.pid"),
                "--user=" + System.getProperty("user.name"), "--server-id=" + serverId,
                "--log-bin=" + dir.resolve("data/mysql-bin"), "--binlog-format=ROW", "--log-error=" + dir.resolve("error.log"),
                "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0",
                "--innodb-buffer-pool-size=128M", "--max-connections=200",
                // its own temporary directory: nothing else on the machine cleans or shares it
                "--tmpdir=" + createDirectory(dir.resolve("tmp"))));
        if (binaries.baseDir() != null) {
            cmd.add(2, "--basedir=" + binaries.baseDir()); // after --no-defaults, which must come first
            cmd.add("--lc-messages-dir=" + binaries.baseDir().resolve("share"));
        }
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new SqlBackupException("cannot start " + binaries.mariadbd() + ": " + e.getMessage());
        }
    }

    /**
     * A detached shell that outlives a killed JVM: once the JVM is gone it kills the server and
     * removes its folder. When the server stops normally the loop ends and the folder goes too.
     */
    private static void watch(long serverPid, Path dir) {
        long jvm = ProcessHandle.current().pid();
        String script = "while kill -0 " + jvm + " 2>/dev/null && kill -0 " + serverPid + " 2>/dev/null; do sleep 1; done; "
                + "kill -9 " + serverPid + " 2>/dev/null; sleep 1; rm -rf '" + dir + "'";
        try {
            new ProcessBuilder("setsid", "sh", "-c", script).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            try {
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException again) {
                throw new SqlBackupException("cannot start the cleanup watchdog: " + again.getMessage());
            }
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new SqlBackupException("MariaDB exited while starting on port " + port + ": " + errorLogTail());
            }
            try (Connection c = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        throw new SqlBackupException("MariaDB did not accept connections on port " + port + " within 60 s ("
                + (last == null ? "" : last.getMessage()) + "): " + errorLogTail());
    }

    private String errorLogTail() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("error.log"), StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no error log)";
        }
    }

    private static void run(List<String> cmd, Path log) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new SqlBackupException(cmd.get(0) + " failed: " + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new SqlBackupException("cannot run " + cmd.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlBackupException("interrupted while running " + cmd.get(0));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new SqlBackupException("no free TCP port on 127.0.0.1: " + e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlBackupException("interrupted while waiting for MariaDB");
        }
    }

    public int port() {
        return port;
    }

    public int serverId() {
        return serverId;
    }

    public Path directory() {
        return directory;
    }

    /** The JDBC URL sqlbackup's configuration takes. */
    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl() + "?connectTimeout=2000", "root", "");
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the server process at once (SIGKILL), as a crash or an evicted pod would; {@link #close()} still cleans up. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server and deletes its folder. */
    @Override
    public void close() {
        if (LIVE.remove(this)) {
            stopProcess();
            deleteTree(directory);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // The watchdog removes what is left once the server process is gone.
        }
    }

    @Override
    public String toString() {
        return "MariaDB@127.0.0.1:" + port + " (server-id " + serverId + ")";
    }
}

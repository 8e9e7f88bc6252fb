package io.sqlbackup.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.testing.ServerInChildJvm;
import io.sqlbackup.testing.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The harness's servers: they start, replicate, and never outlive their JVM, even a killed one. */
class MariaDbServerTest {

    @Test
    void pairReplicatesWithBothThreadsRunning() throws Exception {
        ReplicationPair pair = TestServers.pair();
        try (Connection p = pair.primary().connect(); Statement s = p.createStatement()) {
            s.execute("CREATE DATABASE harness_check");
            s.execute("USE harness_check");
            s.execute("CREATE TABLE t (id INT PRIMARY KEY) SELECT seq AS id FROM seq_1_to_10");
        }
        pair.awaitReplicaCaughtUp();
        try (Connection r = pair.replica().connect(); Statement s = r.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM harness_check.t")) {
                rs.next();
                assertEquals(10, rs.getInt(1));
            }
            try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
                assertTrue(rs.next());
                assertEquals("Yes", rs.getString("Slave_IO_Running"));
                assertEquals("Yes", rs.getString("Slave_SQL_Running"));
                assertEquals(ReplicationPair.REPLICATION_USER, rs.getString("Master_User"));
            }
        }
    }

    @Test
    void closeStopsTheServerAndDeletesItsFolder() throws Exception {
        MariaDbServer server = TestServers.fresh(70);
        Path dir = server.directory();
        int port = server.port();
        assertTrue(listening(port));
        server.close();
        assertFalse(listening(port));
        assertFalse(Files.exists(dir));
    }

    @Test
    void killedJvmLeavesNoServerAndNoFolder() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ServerInChildJvm.class.getName())
                .redirectErrorStream(true).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            do {
                line = out.readLine();
            } while (line != null && !line.matches("\\d+ /.*"));
        }
        assertTrue(line != null, "the child started a server");
        int port = Integer.parseInt(line.substring(0, line.indexOf(' ')));
        Path dir = Path.of(line.substring(line.indexOf(' ') + 1));
        assertTrue(listening(port));
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        long deadline = System.currentTimeMillis() + 15_000;
        while ((listening(port) || Files.exists(dir)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(listening(port), "the server died with its JVM");
        assertFalse(Files.exists(dir), "its folder was removed");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

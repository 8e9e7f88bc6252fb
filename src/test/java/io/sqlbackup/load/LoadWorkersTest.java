package io.sqlbackup.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.server.ServerAccess;
import io.sqlbackup.testing.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Load connections on a real server: a failure on one stops what the others still run, on the server too. */
class LoadWorkersTest {

    @Test
    void aFailureStopsTheStatementsStillRunningOnTheServer() throws Exception {
        try (MariaDbServer server = TestServers.fresh(93)) {
            ServerAccess target = new ServerAccess("primary", server.jdbcUrl(), "root", "");
            CountDownLatch sleeping = new CountDownLatch(1);
            long closed;
            try (LoadWorkers workers = new LoadWorkers(List.of(new LoadSession(target), new LoadSession(target)), 1 << 20,
                    "load-test")) {
                // stands for a long ALTER TABLE ... ADD KEY on one connection
                workers.submit(work("a long statement", session -> {
                    sleeping.countDown();
                    session.execute("SELECT SLEEP(120)");
                }));
                assertTrue(sleeping.await(30, TimeUnit.SECONDS));
                awaitQuery(server, "SELECT SLEEP(120)", true);
                workers.submit(work("a failing statement", session -> session.execute("SELECT * FROM no_such_db.t")));
                LoadWorkers.LoadFailure failure = assertThrows(LoadWorkers.LoadFailure.class, workers::awaitIdle);
                assertEquals("a failing statement", failure.work.describe());
                closed = System.nanoTime();
            }
            assertTrue(System.nanoTime() - closed < TimeUnit.SECONDS.toNanos(20), "close did not wait for the statement");
            awaitQuery(server, "SELECT SLEEP(120)", false);
        }
    }

    @Test
    void closedWhileAStatementRunsItIsStoppedOnTheServer() throws Exception {
        // As when reading the archive fails, or the service stops, in the middle of a load: no worker failed.
        try (MariaDbServer server = TestServers.fresh(94)) {
            ServerAccess target = new ServerAccess("primary", server.jdbcUrl(), "root", "");
            long closed;
            try (LoadWorkers workers = new LoadWorkers(List.of(new LoadSession(target)), 1 << 20, "load-test")) {
                workers.submit(work("a long statement", session -> session.execute("SELECT SLEEP(120)")));
                awaitQuery(server, "SELECT SLEEP(120)", true);
                closed = System.nanoTime();
            }
            assertTrue(System.nanoTime() - closed < TimeUnit.SECONDS.toNanos(20), "close did not wait for the statement");
            awaitQuery(server, "SELECT SLEEP(120)", false);
        }
    }

    private interface Body {
        void run(LoadSession session) throws Exception;
    }

    private static LoadWorkers.Work work(String name, Body body) {
        return new LoadWorkers.Work() {
            public void run(LoadSession session) throws Exception {
                body.run(session);
            }

            public String describe() {
                return name;
            }
        };
    }

    private static void awaitQuery(MariaDbServer server, String query, boolean running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        boolean seen;
        do {
            seen = false;
            try (Connection c = server.connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT INFO FROM information_schema.PROCESSLIST")) {
                while (r.next()) {
                    seen |= query.equals(r.getString(1));
                }
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            if (seen == running) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(query + (running ? " never ran" : " still runs on the server"));
    }
}

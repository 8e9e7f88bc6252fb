package io.sqlbackup.replication;

import io.sqlbackup.SqlBackupException;
import io.sqlbackup.load.TableName;
import io.sqlbackup.restore.RestoreHeaders;
import io.sqlbackup.restore.RestoreReport;
import io.sqlbackup.server.ServerAccess;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The last replication step of a restore: replication runs and has caught up, a marker written on the
 * primary arrives on the replica, and every restored table has the same checksum on both. Each wait
 * (catching up, the marker, its removal) may take up to the timeout; checksums take as long as the
 * tables need. Any failure leaves replication stopped, so a broken or diverged replica does not build
 * on its state.
 */
final class ReplicationCheck {

    /** Extra comparisons of differing tables, each after a new marker: writes still arriving from the primary settle. */
    private static final int RECHECKS = 2;
    private static final int NAMED_IN_MESSAGE = 5;

    private final ServerAccess primary;
    private final ServerAccess replica;
    private final Duration timeout;
    private final RestoreReport report;
    private final RestoreState state;

    ReplicationCheck(ServerAccess primary, ServerAccess replica, Duration timeout, RestoreReport report, RestoreState state) {
        this.primary = primary;
        this.replica = replica;
        this.timeout = timeout;
        this.report = report;
        this.state = state;
    }

    void run(List<TableName> tables) {
        String step = "Replication from primary " + primary.address() + " to replica " + replica.address();
        ReplicationMarker marker = null;
        try (Connection p = primary.connect(); Connection r = replica.connect();
             Statement ps = p.createStatement(); Statement rs = r.createStatement()) {
            ReplicaWatch watch = new ReplicaWatch(rs);
            marker = new ReplicationMarker(ps, rs);
            ReplicaStatus running = watch.awaitCaughtUp(new Deadline(timeout));
            report.done(step, "IO and SQL threads running, 0 s behind, replicating from " + running.source()
                    + (running.usesGtid() ? " using GTID (" + running.usingGtid() + ")" : " by file and position"));

            step = "Marker write on primary " + primary.address() + " replicated to replica " + replica.address();
            long started = System.nanoTime();
            marker.pass(watch, new Deadline(timeout));
            report.done(step, "a row with a random token in " + ReplicationMarker.DATABASE + " arrived in " + seconds(started));

            step = "CHECKSUM TABLE of " + tables.size() + " restored tables on primary " + primary.address()
                    + " and replica " + replica.address();
            Comparison comparison = compare(tables, marker, watch);
            if (!comparison.differing().isEmpty()) {
                throw mismatch(step, comparison, removeMarkerBeforeStop(marker, watch));
            }
            report.done(step, comparison.summary());

            step = "DROP DATABASE " + ReplicationMarker.DATABASE + " on primary " + primary.address() + " replicated to replica "
                    + replica.address();
            marker.remove(watch, new Deadline(timeout));
            report.done(step, "no trace of the check is left on either server");
        } catch (ReplicationStepException e) {
            throw e;
        } catch (ReplicaWatch.BrokenException e) {
            throw stopAndFail(step, "replication broke: " + e.getMessage(), marker, null);
        } catch (ReplicaWatch.TimedOutException e) {
            throw stopAndFail(step, e.getMessage(), marker, null);
        } catch (SQLException | SqlBackupException e) {
            throw stopAndFail(step, e.getMessage(), marker, e);
        }
    }

    /** Primary and replica checksums, computed at the same time; differing tables are compared again after a marker. */
    private Comparison compare(List<TableName> tables, ReplicationMarker marker, ReplicaWatch watch)
            throws SQLException, ReplicaWatch.BrokenException, ReplicaWatch.TimedOutException {
        List<TableName> distinct = tables.stream().distinct().toList();
        TableChecksums sums;
        try (Connection p = primary.connect()) {
            sums = TableChecksums.plan(p, distinct);
        }
        ExecutorService primarySide = Executors.newSingleThreadExecutor(r -> new Thread(r, "checksum-primary"));
        try {
            Comparison c = new Comparison(distinct, sums.digested(), Map.of(), Map.of(), distinct);
            for (int round = 0; round <= RECHECKS && !c.differing().isEmpty(); round++) {
                if (round > 0) {
                    marker.pass(watch, new Deadline(timeout));
                }
                List<TableName> again = c.differing();
                Future<Map<TableName, String>> onPrimary = primarySide.submit(() -> sums.of(primary, again));
                Map<TableName, String> onReplica = sums.of(replica, again);
                c = c.with(again, result(onPrimary), onReplica);
            }
            return c;
        } finally {
            primarySide.shutdownNow();
        }
    }

    private static Map<TableName, String> result(Future<Map<TableName, String>> future) throws SQLException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while checksumming on the primary");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new SQLException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /**
     * The tables compared and the checksums of each side (the latest reading of each table).
     *
     * @param differing the tables whose latest readings disagree
     */
    record Comparison(List<TableName> tables, int digested, Map<TableName, String> primary, Map<TableName, String> replica,
                      List<TableName> differing) {

        Comparison with(List<TableName> checked, Map<TableName, String> onPrimary, Map<TableName, String> onReplica) {
            Map<TableName, String> p = new HashMap<>(primary);
            Map<TableName, String> r = new HashMap<>(replica);
            p.putAll(onPrimary);
            r.putAll(onReplica);
            // A restored table that a server lacks is a difference even when the other lacks it too.
            List<TableName> still = checked.stream()
                    .filter(t -> !Objects.equals(p.get(t), r.get(t)) || TableChecksums.MISSING.equals(p.get(t))).toList();
            return new Comparison(tables, digested, p, r, still);
        }

        String summary() {
            if (tables.isEmpty()) {
                return "no restored tables were listed (header " + RestoreHeaders.RESTORED_TABLES
                        + "), so none were compared";
            }
            return tables.size() + " tables equal on both servers"
                    + (digested == 0 ? "" : " (" + digested + " with generated columns compared by a digest of their other columns)");
        }
    }

    private String seconds(long startedNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    /** Tries to take the marker back out cleanly while replication still runs; says what became of it. */
    private String removeMarkerBeforeStop(ReplicationMarker marker, ReplicaWatch watch) {
        try {
            marker.remove(watch, new Deadline(timeout));
            return "";
        } catch (SQLException | ReplicaWatch.BrokenException | ReplicaWatch.TimedOutException e) {
            return " " + markerLeft();
        }
    }

    private ReplicationStepException mismatch(String step, Comparison c, String markerNote) {
        String replicationNow = stopReplication(replica);
        List<String> named = new ArrayList<>();
        for (TableName t : c.differing().subList(0, Math.min(NAMED_IN_MESSAGE, c.differing().size()))) {
            named.add(t + " (primary " + c.primary().get(t) + ", replica " + c.replica().get(t) + ")");
        }
        int more = c.differing().size() - named.size();
        String why = c.differing().size() + " of " + c.tables().size() + " restored tables differ between the servers: "
                + String.join(", ", named) + (more > 0 ? " and " + more + " more" : "")
                + (c.differing().stream().anyMatch(t -> TableChecksums.MISSING.equals(c.primary().get(t))
                        || TableChecksums.MISSING.equals(c.replica().get(t))) ? " (\"missing\": that server has no such table)" : "");
        return fail(step, why, "The replica is loaded but its data differs from the primary's; " + replicationNow + markerNote
                + " Find out why the replica's load differed (its steps in this report), then " + state.restoreAgain()
                + "; to keep the replica as it is, run START SLAVE on it.", null);
    }

    private ReplicationStepException stopAndFail(String step, String why, ReplicationMarker marker, Throwable cause) {
        String markerNote = "";
        if (marker != null && marker.placed()) {
            try {
                marker.dropOnPrimary(primary);
                markerNote = " " + markerLeft();
            } catch (SQLException e) {
                markerNote = " The check database " + ReplicationMarker.DATABASE + " could not be dropped on the primary ("
                        + e.getMessage() + "): drop it there once replication runs, so no trace is left.";
            }
        }
        String replicationNow = stopReplication(replica);
        return fail(step, why, "The replica is loaded; " + replicationNow + markerNote + " Fix the cause (SHOW SLAVE STATUS on the "
                + "replica shows the details), then run START SLAVE on the replica and check that both threads run; or "
                + state.restoreAgain() + ".", cause);
    }

    private static String markerLeft() {
        return "The check database " + ReplicationMarker.DATABASE + " was dropped on the primary; the replica may still hold it "
                + "until replication applies that DROP.";
    }

    /** STOP SLAVE on its own connection (the check's may be the one that failed); says what replication is now. */
    private static String stopReplication(ServerAccess replica) {
        try (Connection c = replica.connect(); Statement s = c.createStatement()) {
            s.execute("STOP SLAVE");
            return "replication is now stopped (STOP SLAVE).";
        } catch (SQLException | RuntimeException e) {
            return "STOP SLAVE failed too (" + e.getMessage() + "), so replication may still be running: stop it by hand.";
        }
    }

    private ReplicationStepException fail(String step, String why, String replicaState, Throwable cause) {
        return new ReplicationStepException(step, step + " failed: " + why + ". " + state.primary() + " " + replicaState, cause);
    }
}

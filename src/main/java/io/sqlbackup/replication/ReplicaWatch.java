package io.sqlbackup.replication;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Waits for something to become true on the replica while watching its replication threads: a
 * thread that stops with an error, or a primary that refuses the login, ends the wait at once with
 * the replica's own error instead of after the whole timeout.
 */
final class ReplicaWatch {

    private static final long POLL_MILLIS = 200;

    private final Statement replica;
    private ReplicaStatus last;

    ReplicaWatch(Statement replica) {
        this.replica = replica;
    }

    /** Replication cannot go on without someone fixing it. */
    static final class BrokenException extends Exception {
        BrokenException(String why) {
            super(why);
        }
    }

    /** The awaited condition did not come true in time, though nothing reported an error. */
    static final class TimedOutException extends Exception {
        TimedOutException(String why) {
            super(why);
        }
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws SQLException;
    }

    /** Reads the status now; fails when replication is broken or gone. */
    ReplicaStatus check() throws SQLException, BrokenException {
        ReplicaStatus status = ReplicaStatus.read(replica);
        if (!ReplicaStatus.configured(status)) {
            throw new BrokenException("replication is no longer configured on the replica (SHOW SLAVE STATUS is empty)");
        }
        last = status;
        String broken = status.brokenBecause();
        if (broken != null) {
            throw new BrokenException(broken);
        }
        return status;
    }

    /** Both threads running and Seconds_Behind_Master 0. */
    ReplicaStatus awaitCaughtUp(Deadline deadline) throws SQLException, BrokenException, TimedOutException {
        await(deadline, "replication to run and catch up", () -> last.caughtUp());
        return last;
    }

    /** Polls the condition (after a status check each time) until it holds or the deadline passes. */
    void await(Deadline deadline, String what, Condition condition) throws SQLException, BrokenException, TimedOutException {
        while (true) {
            check();
            if (condition.holds()) {
                return;
            }
            if (deadline.passed()) {
                throw new TimedOutException("waited " + deadline.text() + " for " + what + " (" + last.progress() + ")");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimedOutException("interrupted while waiting for " + what);
            }
        }
    }

    /** The last status read, for messages. */
    ReplicaStatus last() {
        return last;
    }
}

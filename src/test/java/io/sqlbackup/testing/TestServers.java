package io.sqlbackup.testing;

import io.sqlbackup.embedded.MariaDbBinaries;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.embedded.ReplicationPair;

/**
 * Throwaway MariaDB servers for tests: a primary + replica pair shared by the whole test JVM
 * (started on first use, about 2 s), and fresh standalone servers for tests that need an empty
 * target. All are stopped and deleted at JVM exit, or by their watchdog if the JVM is killed.
 */
public final class TestServers {

    private static ReplicationPair pair;
    private static MariaDbBinaries binaries;

    private TestServers() {
    }

    public static synchronized MariaDbBinaries binaries() {
        if (binaries == null) {
            binaries = MariaDbBinaries.locate();
        }
        return binaries;
    }

    /** The shared primary + replica, replicating. Tests create their own databases on it. */
    public static synchronized ReplicationPair pair() {
        if (pair == null) {
            pair = ReplicationPair.start(binaries());
        }
        return pair;
    }

    /** A new empty server; the caller closes it. */
    public static MariaDbServer fresh(int serverId) {
        return MariaDbServer.start(binaries(), serverId);
    }
}

package io.sqlbackup.replication;

/**
 * What a restore has done to the two servers so far, in the words a failure message needs: the
 * operator must know what state each server was left in before deciding what to do.
 *
 * @param primaryReset where the primary's binary log was reset to by this restore; null when this restore
 *                     did not touch the primary (a replica-only restore)
 */
record RestoreState(String primaryAddress, String replicaAddress, BinlogCoordinates primaryReset) {

    /** One sentence on the primary. */
    String primary() {
        return primaryReset != null
                ? "The primary " + primaryAddress + " is restored and its binary log was reset to " + primaryReset.describe() + "."
                : "The primary " + primaryAddress + " was not changed by this restore.";
    }

    /** The way out that always works: a restore of whatever this restore touched, over what is there now. */
    String restoreAgain() {
        return primaryReset != null
                ? "restore both servers again (with \"overwrite\": true, since they now hold the restored databases)"
                : "restore the replica again (with \"overwrite\": true)";
    }
}

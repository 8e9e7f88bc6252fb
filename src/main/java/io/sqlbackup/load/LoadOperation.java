package io.sqlbackup.load;

/** What a {@code mariadb-load:} endpoint does. */
public enum LoadOperation {
    /** Load the target from the archive in the body (its second reading). */
    load,
    /** Take the unfinished-restore mark off the target's restored databases: the whole restore succeeded. */
    finish
}

package io.sqlbackup.cli.progress;

/** Where a view reads a running task's progress from; called from the view's own thread. */
@FunctionalInterface
public interface ProgressSource {

    /** The progress now; null while there is nothing to show yet. */
    Progress read();
}

package io.sqlbackup.restore;

/** Where a restore command stands. QUEUED and RUNNING change; SUCCEEDED and FAILED are final. */
public enum RestorePhase {
    /** Accepted, waiting for the restore before it (one runs at a time). */
    QUEUED,
    /** Being carried out; {@link RestoreStatus#stage()} says which part. */
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** As Kubernetes spells phases: {@code Queued}, {@code Running}, ... */
    public String title() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}

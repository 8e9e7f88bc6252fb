package io.sqlbackup.restore;

/**
 * The restore queue on JMX ({@code io.sqlbackup:type=Restore}), for hawtio: start a restore with
 * {@link #restore(String)} and watch it through the attributes.
 */
public interface RestoreControlMBean {

    /** Queues a restore command (the JSON every source takes); returns its id and status. */
    String restore(String json);

    /** QUEUED/RUNNING of the current restore, else the outcome of the last one, or IDLE. */
    String getPhase();

    /** The part of the running restore (verifying, loading the primary, ...), or empty. */
    String getStage();

    /** One line: the stage with tables, bytes, rate and ETA, or the last outcome. */
    String getMessage();

    int getQueued();

    int getTablesDone();

    int getTablesTotal();

    long getBytesLoaded();

    long getBytesTotal();

    long getRateBytesPerSecond();

    long getEtaSeconds();
}

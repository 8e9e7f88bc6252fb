package io.sqlbackup.restore;

import io.sqlbackup.load.LoadProgress;

import java.util.List;

/** {@link RestoreControlMBean} over the {@link RestoreQueue}. */
public final class RestoreControl implements RestoreControlMBean {

    public static final String OBJECT_NAME = "io.sqlbackup:type=Restore";

    private final RestoreQueue queue;
    public RestoreControl(RestoreQueue queue) {
        this.queue = queue;
    }

    @Override
    public String restore(String json) {
        RestoreRun run = queue.submit(RestoreCommand.parse(json), "JMX");
        RestoreStatus s = run.status();
        return s.id() + ": " + s.phase().title() + ", " + s.message();
    }

    private RestoreStatus latest() {
        List<RestoreStatus> all = queue.statuses();
        return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public String getPhase() {
        RestoreStatus s = latest();
        return s == null ? "IDLE" : s.phase().name();
    }

    @Override
    public String getStage() {
        RestoreStatus s = latest();
        return s == null || s.stage() == null ? "" : s.stage();
    }

    @Override
    public String getMessage() {
        RestoreStatus s = latest();
        return s == null ? "" : s.id() + ": " + s.message();
    }

    @Override
    public int getQueued() {
        return queue.waitingCount();
    }

    private LoadProgress running() {
        RestoreRun run = queue.current();
        return run == null ? null : run.load();
    }

    @Override
    public int getTablesDone() {
        LoadProgress p = running();
        return p == null ? 0 : p.tablesDone();
    }

    @Override
    public int getTablesTotal() {
        LoadProgress p = running();
        return p == null ? 0 : p.tables();
    }

    @Override
    public long getBytesLoaded() {
        LoadProgress p = running();
        return p == null ? 0 : p.bytes();
    }

    @Override
    public long getBytesTotal() {
        LoadProgress p = running();
        return p == null ? 0 : p.totalBytes();
    }

    @Override
    public long getRateBytesPerSecond() {
        LoadProgress p = running();
        return p == null ? 0 : (long) p.rate();
    }

    @Override
    public long getEtaSeconds() {
        LoadProgress p = running();
        return p == null ? -1 : p.etaSeconds();
    }
}

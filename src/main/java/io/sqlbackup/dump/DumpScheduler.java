package io.sqlbackup.dump;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Hands dump tasks to the dump connections: a task is ready once the tasks it waits for are done
 * (a table's data after its database's schema), and views, triggers and routines only once every
 * data task is done, so a loader reading the archive in order meets them after the tables.
 */
final class DumpScheduler {

    private final PriorityQueue<DumpTask> ready = new PriorityQueue<>();
    private final List<DumpTask> heldAfterData = new ArrayList<>();
    private int unfinished;
    private int unfinishedData;
    private boolean cancelled;

    synchronized void submit(DumpTask task) {
        unfinished++;
        if (!task.afterData()) {
            unfinishedData++;
        }
        if (task.waitingFor == 0) {
            makeReady(task);
        }
        notifyAll();
    }

    private void makeReady(DumpTask task) {
        if (task.afterData() && unfinishedData > 0) {
            heldAfterData.add(task);
        } else {
            ready.add(task);
        }
    }

    /** The next task to run, waiting for one to become ready; null when all are done or the dump was cancelled. */
    synchronized DumpTask next() throws InterruptedException {
        while (!cancelled && ready.isEmpty() && unfinished > 0) {
            wait();
        }
        return cancelled ? null : ready.poll();
    }

    synchronized void done(DumpTask task) {
        unfinished--;
        if (!task.afterData() && --unfinishedData == 0) {
            ready.addAll(heldAfterData);
            heldAfterData.clear();
        }
        for (DumpTask dependent : task.dependents) {
            if (--dependent.waitingFor == 0) {
                makeReady(dependent);
            }
        }
        notifyAll();
    }

    synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    synchronized boolean isCancelled() {
        return cancelled;
    }
}

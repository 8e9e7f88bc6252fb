package io.sqlbackup.restore;

import java.time.Instant;

/**
 * One step of a restore as the report shows it: {@code RESET MASTER on primary 127.0.0.1:3306}
 * and what came of it.
 *
 * @param name     what was done, on which server
 * @param result   what it gave (coordinates, counts), or why it failed
 * @param ok       false for the step that failed
 * @param finished when it ended
 */
public record RestoreStep(String name, String result, boolean ok, Instant finished) {

    @Override
    public String toString() {
        return (ok ? "ok     " : "FAILED ") + name + (result == null || result.isEmpty() ? "" : ": " + result);
    }
}

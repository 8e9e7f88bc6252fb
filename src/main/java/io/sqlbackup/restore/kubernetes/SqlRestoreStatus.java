package io.sqlbackup.restore.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.sqlbackup.restore.RestorePhase;
import io.sqlbackup.restore.RestoreStatus;
import io.sqlbackup.restore.RestoreStep;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code status} of a SqlRestore: phase ({@link RestorePhase#title()}), message, started and
 * finished (ISO-8601, UTC), and the steps done, one line each. Absent values are left out of what is
 * written rather than written as null.
 */
public record SqlRestoreStatus(String phase, String message, String started, String finished, List<String> steps) {

    public SqlRestoreStatus {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** What the restore queue says about a command, as the resource shows it. */
    static SqlRestoreStatus of(RestoreStatus status) {
        return new SqlRestoreStatus(status.phase().title(), status.message(), time(status.started()),
                time(status.finished()), status.steps().stream().map(SqlRestoreStatus::line).toList());
    }

    /** A final status for a resource that never reached the queue. */
    static SqlRestoreStatus failed(String message, Instant now) {
        return new SqlRestoreStatus(RestorePhase.FAILED.title(), message, null, time(now), List.of());
    }

    /** The status a resource holds; all fields null when it has none. */
    static SqlRestoreStatus of(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map)) {
            return new SqlRestoreStatus(null, null, null, null, List.of());
        }
        List<String> steps = new ArrayList<>();
        if (map.get("steps") instanceof List<?> list) {
            list.forEach(s -> steps.add(String.valueOf(s)));
        }
        return new SqlRestoreStatus(text(map.get("phase")), text(map.get("message")), text(map.get("started")),
                text(map.get("finished")), steps);
    }

    /** This status ended: the phase and message replaced, the time it ended set, started and steps kept. */
    SqlRestoreStatus endedAs(RestorePhase outcome, String why, Instant now) {
        return new SqlRestoreStatus(outcome.title(), why, started, time(now), steps);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        put(map, "phase", phase);
        put(map, "message", message);
        put(map, "started", started);
        put(map, "finished", finished);
        map.put("steps", steps);
        return map;
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** As {@code sqlbackup restore} prints a step, without the column padding. */
    static String line(RestoreStep step) {
        return (step.ok() ? "ok " : "FAILED ") + step.name()
                + (step.result() == null || step.result().isEmpty() ? "" : ": " + step.result());
    }

    private static String time(Instant instant) {
        // Seconds are what kubectl shows and what metadata timestamps carry.
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}

package io.sqlbackup.restore;

import java.time.Instant;
import java.util.List;

/**
 * A restore command's state at one moment, as every source reports it back (the inbox status
 * file, the SqlRestore resource's status, JMX, the command line).
 *
 * @param id       the queue's name for the command, e.g. {@code restore-3}
 * @param origin   where the command came from, e.g. {@code inbox file wipe.json}
 * @param command  the command
 * @param phase    queued, running, succeeded or failed
 * @param stage    the part being carried out while running (e.g. {@code loading primary}), else null
 * @param message  one line for an operator: the position in the queue, the progress, the outcome
 * @param queued   when it was accepted
 * @param started  when it started running, null while queued
 * @param finished when it ended, null until then
 * @param steps    the steps done so far
 */
public record RestoreStatus(String id, String origin, RestoreCommand command, RestorePhase phase, String stage,
                            String message, Instant queued, Instant started, Instant finished, List<RestoreStep> steps) {
}

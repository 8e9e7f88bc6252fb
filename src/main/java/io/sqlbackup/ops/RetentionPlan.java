package io.sqlbackup.ops;

import java.util.List;

/** Retention's decision for every object under the bucket prefix, newest backups first, foreign objects last. */
public record RetentionPlan(List<RetentionDecision> decisions, boolean dryRun) {

    public RetentionPlan {
        decisions = List.copyOf(decisions);
    }

    public long count(RetentionDecision.Action action) {
        return decisions.stream().filter(d -> d.action() == action).count();
    }

    @Override
    public String toString() {
        return (dryRun ? "dry run: " : "") + count(RetentionDecision.Action.KEEP) + " backups kept, "
                + (dryRun ? count(RetentionDecision.Action.WOULD_DELETE) + " would be deleted, "
                        : count(RetentionDecision.Action.DELETE) + " deleted, ")
                + count(RetentionDecision.Action.IGNORE) + " other objects left alone";
    }
}

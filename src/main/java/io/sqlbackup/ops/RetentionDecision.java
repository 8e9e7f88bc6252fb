package io.sqlbackup.ops;

/**
 * What retention does with one object, and why; logged for every object, every run.
 *
 * @param name   object name
 * @param action what happens to it
 * @param reason why, in words an operator can check against the settings
 */
public record RetentionDecision(String name, Action action, String reason) {

    public enum Action {
        /** A backup retention keeps. */
        KEEP,
        /** A backup outside the policy, deleted now. */
        DELETE,
        /** A backup outside the policy, left in place because this is a dry run. */
        WOULD_DELETE,
        /** Not a backup (its name is not ours): never touched. */
        IGNORE
    }

    public boolean deletesNow() {
        return action == Action.DELETE;
    }

    @Override
    public String toString() {
        return name + ": " + action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + reason + ")";
    }
}

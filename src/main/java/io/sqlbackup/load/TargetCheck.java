package io.sqlbackup.load;

import io.sqlbackup.restore.RestoreCommand;
import io.sqlbackup.server.ServerAccess;

import java.util.List;
import java.util.Set;

/** The rule that keeps a restore from mixing with data a target already holds. */
public final class TargetCheck {

    private TargetCheck() {
    }

    /**
     * Reads the target and refuses it when it holds user databases (all of them count, or only the
     * command's named ones) that no unfinished restore left, unless the command allows overwriting.
     */
    public static TargetDatabases require(ServerAccess target, RestoreCommand command) {
        TargetDatabases present = TargetDatabases.read(target);
        Set<String> checked = command.databases().isEmpty() ? null : Set.copyOf(command.databases());
        List<String> occupied = present.occupied(checked);
        if (!occupied.isEmpty() && !command.overwrite()) {
            throw new TargetNotEmptyException("the " + target.role() + " " + target.address() + " already holds "
                    + (checked == null ? "user databases" : "the named databases") + " ("
                    + String.join(", ", occupied.subList(0, Math.min(10, occupied.size()))) + (occupied.size() > 10
                    ? ", ... " + occupied.size() + " in all" : "") + "). Nothing was changed. Restore into an empty server, "
                    + "or allow replacing them with \"overwrite\": true (sqlbackup restore --overwrite)");
        }
        return present;
    }
}

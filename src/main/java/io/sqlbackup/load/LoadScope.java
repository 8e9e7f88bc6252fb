package io.sqlbackup.load;

import io.sqlbackup.restore.BadRestoreCommandException;
import io.sqlbackup.restore.RestoreCommand;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which databases of an archive a restore loads, and which databases of a target it answers for:
 * with a list of databases, only those (on both sides); without, all of the archive's, and every
 * user database of the target.
 *
 * @param databases the archive's databases to load
 * @param partial   true when the command named databases
 */
public record LoadScope(Set<String> databases, boolean partial) {

    public static LoadScope of(RestoreCommand command, ArchiveIndex index) {
        if (index.databases().isEmpty()) {
            throw new BadRestoreCommandException(index.objectName() + " holds no databases: there is nothing to restore. "
                    + "Name another backup (sqlbackup list shows them). Nothing was changed");
        }
        if (command.databases().isEmpty()) {
            Set<String> all = new LinkedHashSet<>(index.databases());
            all.removeIf(LoadScope::isSystem);
            return new LoadScope(all, false);
        }
        for (String db : command.databases()) {
            if (isSystem(db)) {
                throw new BadRestoreCommandException(db + " is the server's own schema and is not restored as a database: "
                        + "accounts come back from " + io.sqlbackup.manifest.AccountsFile.NAME + ". Nothing was restored");
            }
        }
        List<String> missing = new ArrayList<>();
        for (String db : command.databases()) {
            if (!index.databases().contains(db)) {
                missing.add(db);
            }
        }
        if (!missing.isEmpty()) {
            List<String> held = new ArrayList<>(index.databases());
            throw new BadRestoreCommandException(String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " not in " + index.objectName() + ", which holds " + held.size() + " database"
                    + (held.size() == 1 ? "" : "s") + (held.isEmpty() ? "" : ": " + String.join(", ", held.subList(0, Math.min(10, held.size())))
                    + (held.size() > 10 ? ", ..." : "")) + ". Nothing was restored");
        }
        return new LoadScope(new LinkedHashSet<>(command.databases()), true);
    }

    /**
     * The schemas that hold a server's own state. The old scripts dumped the whole replica, the
     * mysql schema included; loading it would replace the target's accounts (root and the
     * replication user among them) with the old server's, so it is left out.
     */
    public static boolean isSystem(String database) {
        return TargetDatabases.SYSTEM.contains(database.toLowerCase(java.util.Locale.ROOT));
    }

    /** Target databases the emptiness check looks at: the named ones, or all (null). */
    public Set<String> checked() {
        return partial ? databases : null;
    }

    public boolean includes(String database) {
        return database != null && databases.contains(database);
    }
}

package io.sqlbackup.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What to restore, the same from every source (inbox file, SqlRestore resource, JMX, command line):
 * {@code {"backup": "latest", "targets": ["primary", "replica"], "databases": [], "overwrite": false,
 * "replication": true}}.
 *
 * @param backup      {@code latest} or an object name in the bucket
 * @param targets     which servers to load, in runbook order (primary before replica)
 * @param databases   the databases to restore; empty means every database in the archive
 * @param overwrite   whether a target that already holds user databases may be loaded over
 * @param replication whether to re-sync the replica to the primary afterwards
 * @param source      the backup source whose bucket holds the backup ({@code sqlbackup.sources.NAME});
 *                    null for the only source
 */
public record RestoreCommand(String backup, List<Target> targets, List<String> databases, boolean overwrite,
                             boolean replication, String source) {

    public static final String LATEST = "latest";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("backup", "targets", "databases", "overwrite", "replication", "source");
    /** Database names as the server allows them, minus what would make a file name or pattern ambiguous. */
    private static final Pattern DATABASE = Pattern.compile("[^/\\\\.`*?\\x00]{1,64}");

    /** A restore target, by its configuration role ({@code sqlbackup.primary.*}, {@code sqlbackup.replica.*}). */
    public enum Target {
        PRIMARY, REPLICA;

        public String role() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Target parse(String text) {
            for (Target t : values()) {
                if (t.role().equalsIgnoreCase(text.trim())) {
                    return t;
                }
            }
            throw new BadRestoreCommandException("unknown target '" + text + "': targets are primary and replica");
        }
    }

    /** A command for the only source. */
    public RestoreCommand(String backup, List<Target> targets, List<String> databases, boolean overwrite, boolean replication) {
        this(backup, targets, databases, overwrite, replication, null);
    }

    public RestoreCommand {
        if (source != null && source.isBlank()) {
            source = null;
        }
        if (backup == null || backup.isBlank()) {
            backup = LATEST;
        }
        if (backup.contains("/") || backup.contains("\\") || backup.contains("..")) {
            throw new BadRestoreCommandException("backup '" + backup + "' is not an object name: give `latest` or a name "
                    + "as `sqlbackup list` prints it");
        }
        if (targets == null || targets.isEmpty()) {
            targets = List.of(Target.PRIMARY, Target.REPLICA);
        }
        // Runbook order, whatever order they were given in; each once.
        targets = new LinkedHashSet<>(targets).stream().sorted().toList();
        databases = databases == null ? List.of() : List.copyOf(new LinkedHashSet<>(databases));
        for (String db : databases) {
            if (!DATABASE.matcher(db).matches()) {
                throw new BadRestoreCommandException("'" + db + "' is not a database name");
            }
        }
    }

    /** The defaults: latest backup, both targets, every database, refuse non-empty targets, re-sync. */
    public static RestoreCommand defaults() {
        return new RestoreCommand(LATEST, List.of(), List.of(), false, true);
    }

    public boolean restoresPrimary() {
        return targets.contains(Target.PRIMARY);
    }

    public boolean restoresReplica() {
        return targets.contains(Target.REPLICA);
    }

    /** Whether the replica is to be pointed at the primary and checked after the load. */
    public boolean resyncsReplication() {
        return replication && restoresReplica();
    }

    /** Whether a database of the archive is to be restored. */
    public boolean includes(String database) {
        return databases.isEmpty() || databases.contains(database);
    }

    /**
     * Reads a command document. Unknown fields are refused (a typo such as {@code "overwite"} must
     * not silently mean the default), and so are values of the wrong type.
     */
    public static RestoreCommand parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadRestoreCommandException("the restore command is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "): "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRestoreCommandException("the restore command must be a JSON object such as "
                    + "{\"backup\": \"latest\", \"targets\": [\"primary\", \"replica\"]}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new BadRestoreCommandException("unknown field '" + name + "' in the restore command; the fields are "
                        + "backup, targets, databases, overwrite, replication and source");
            }
        }
        return new RestoreCommand(text(root, "backup"),
                strings(root, "targets").stream().map(Target::parse).toList(),
                strings(root, "databases"),
                bool(root, "overwrite", false),
                bool(root, "replication", true),
                text(root, "source"));
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new BadRestoreCommandException("'" + field + "' must be a string, got " + node);
        }
        return node.asText();
    }

    private static List<String> strings(JsonNode root, String field) {
        JsonNode node = root.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isTextual()) {
            // "targets": "primary,replica" is what a shell user types; accept it.
            for (String part : node.asText().split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
            return values;
        }
        if (!node.isArray()) {
            throw new BadRestoreCommandException("'" + field + "' must be a list of strings, got " + node);
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new BadRestoreCommandException("'" + field + "' must be a list of strings, got " + node);
            }
            values.add(item.asText());
        }
        return values;
    }

    private static boolean bool(JsonNode root, String field, boolean fallback) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new BadRestoreCommandException("'" + field + "' must be true or false, got " + node);
        }
        return node.asBoolean();
    }

    /** The command as JSON, every field spelled out. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("backup", backup);
        ArrayNode t = root.putArray("targets");
        targets.forEach(x -> t.add(x.role()));
        ArrayNode d = root.putArray("databases");
        databases.forEach(d::add);
        root.put("overwrite", overwrite);
        root.put("replication", replication);
        if (source != null) {
            root.put("source", source);
        }
        return root.toString();
    }

    @Override
    public String toString() {
        return "restore " + backup + (source == null ? "" : " of source " + source) + " to " + String.join(" and ", targets.stream().map(Target::role).toList())
                + (databases.isEmpty() ? "" : ", databases " + String.join(", ", databases))
                + (overwrite ? ", overwriting" : "") + (resyncsReplication() ? ", re-syncing replication" : "");
    }
}

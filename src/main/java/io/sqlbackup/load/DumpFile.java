package io.sqlbackup.load;

import io.sqlbackup.manifest.AccountsFile;
import io.sqlbackup.manifest.Manifest;

import java.util.Collection;

/**
 * What an archive entry is, read from its mydumper 0.9/0.10 name: {@code DB-schema-create.sql},
 * {@code DB.T-schema.sql}, {@code DB.T.sql} or {@code DB.T.00001.sql}, {@code DB.V-schema-view.sql},
 * {@code DB.T-schema-triggers.sql}, {@code DB-schema-post.sql}, each possibly {@code .gz}
 * (mydumper {@code -c}), plus {@code metadata} and sqlbackup's own files.
 *
 * <p>Names are {@code DATABASE.TABLE...} with no escaping, so a database whose name holds a dot
 * is ambiguous; the database part is taken as the longest known database (from the
 * {@code -schema-create.sql} files) that the name starts with, and otherwise split at the first
 * dot, as myloader does.
 *
 * @param name     the entry name
 * @param kind     what it holds
 * @param database the database, null for archive-wide files
 * @param table    the table or view, null for database-wide and archive-wide files
 * @param gzipped  whether the content is gzip-compressed
 */
public record DumpFile(String name, Kind kind, String database, String table, boolean gzipped) {

    public enum Kind {
        /** {@code CREATE DATABASE}. */
        DATABASE,
        /** {@code CREATE TABLE} (or a view's stand-in table). */
        TABLE_SCHEMA,
        /** Rows. */
        DATA,
        /** {@code CREATE VIEW}, loaded after all data. */
        VIEW,
        /** {@code CREATE TRIGGER}s of a table, loaded after all data. */
        TRIGGERS,
        /** Routines and events of a database, loaded after all data. */
        POST,
        /** mydumper's {@code metadata}: the binlog coordinates. */
        METADATA,
        /** {@code sqlbackup-manifest.json}. */
        MANIFEST,
        /** {@code sqlbackup-accounts.txt}. */
        ACCOUNTS,
        /** Anything else: not loaded. */
        OTHER
    }


    public TableName tableName() {
        return table == null ? null : new TableName(database, table);
    }

    /**
     * Classifies an entry name.
     *
     * @param knownDatabases databases named by {@code -schema-create.sql} entries (may be empty)
     */
    public static DumpFile of(String name, java.util.Set<String> knownDatabases) {
        if (name.equals("metadata")) {
            return new DumpFile(name, Kind.METADATA, null, null, false);
        }
        if (name.equals(Manifest.NAME)) {
            return new DumpFile(name, Kind.MANIFEST, null, null, false);
        }
        if (name.equals(AccountsFile.NAME)) {
            return new DumpFile(name, Kind.ACCOUNTS, null, null, false);
        }
        if (name.contains("/")) {
            return new DumpFile(name, Kind.OTHER, null, null, false);
        }
        boolean gz = name.endsWith(".sql.gz");
        String base;
        if (gz) {
            base = name.substring(0, name.length() - ".sql.gz".length());
        } else if (name.endsWith(".sql")) {
            base = name.substring(0, name.length() - ".sql".length());
        } else {
            return new DumpFile(name, Kind.OTHER, null, null, false);
        }
        if (base.endsWith("-schema-create")) {
            return new DumpFile(name, Kind.DATABASE, base.substring(0, base.length() - "-schema-create".length()), null, gz);
        }
        if (base.endsWith("-schema-post")) {
            String db = base.substring(0, base.length() - "-schema-post".length());
            if (!db.contains(".") || knownDatabases.contains(db)) {
                return new DumpFile(name, Kind.POST, db, null, gz);
            }
        }
        String db = databaseOf(base, knownDatabases);
        if (db == null) {
            return new DumpFile(name, Kind.OTHER, null, null, gz);
        }
        String rest = base.substring(db.length() + 1);
        if (rest.endsWith("-schema-view")) {
            return new DumpFile(name, Kind.VIEW, db, strip(rest, "-schema-view"), gz);
        }
        if (rest.endsWith("-schema-triggers")) {
            return new DumpFile(name, Kind.TRIGGERS, db, strip(rest, "-schema-triggers"), gz);
        }
        if (rest.endsWith("-schema")) {
            return new DumpFile(name, Kind.TABLE_SCHEMA, db, strip(rest, "-schema"), gz);
        }
        // DB.T.sql or DB.T.00001.sql: a trailing all-digit part is the chunk number
        int dot = rest.lastIndexOf('.');
        if (dot > 0 && dot < rest.length() - 1 && rest.substring(dot + 1).chars().allMatch(Character::isDigit)) {
            rest = rest.substring(0, dot);
        }
        return new DumpFile(name, Kind.DATA, db, rest, gz);
    }

    private static String strip(String text, String suffix) {
        return text.substring(0, text.length() - suffix.length());
    }

    private static String databaseOf(String base, java.util.Set<String> known) {
        // the longest known database the name starts with, trying each dot as the split
        String best = null;
        for (int dot = base.indexOf('.'); dot > 0 && dot < base.length() - 1; dot = base.indexOf('.', dot + 1)) {
            if (known.contains(base.substring(0, dot))) {
                best = base.substring(0, dot);
            }
        }
        if (best != null) {
            return best;
        }
        int dot = base.indexOf('.');
        return dot > 0 && dot < base.length() - 1 ? base.substring(0, dot) : null;
    }
}

package io.sqlbackup.load;

import java.util.List;

/**
 * The session a file's statements need: its database and the {@code SET}s it began with
 * ({@code SET NAMES binary}, {@code SET SQL_MODE=...}). A file's statements run on several
 * connections; each connection puts this context in place before the first of them. Compared by
 * identity: one object per file.
 *
 * @param database the database to {@code USE}; null before the database exists
 * @param settings the file's session settings, in order
 * @param file     the entry name, for messages
 */
record LoadContext(String database, List<SqlStatement> settings, String file) {

    LoadContext with(SqlStatement setting) {
        List<SqlStatement> more = new java.util.ArrayList<>(settings);
        more.add(setting);
        return new LoadContext(database, List.copyOf(more), file);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}

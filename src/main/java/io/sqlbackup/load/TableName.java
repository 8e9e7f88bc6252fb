package io.sqlbackup.load;

/** A table (or view) of a restored database. */
public record TableName(String database, String table) implements Comparable<TableName> {

    /** {@code `db`.`table`}, quoted for SQL. */
    public String quoted() {
        return quote(database) + "." + quote(table);
    }

    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public int compareTo(TableName o) {
        int c = database.compareTo(o.database);
        return c != 0 ? c : table.compareTo(o.table);
    }

    @Override
    public String toString() {
        return database + "." + table;
    }
}

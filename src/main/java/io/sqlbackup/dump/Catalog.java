package io.sqlbackup.dump;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every object to dump, read with a handful of information_schema queries for the whole server
 * instead of several per table: a wiki farm has thousands of databases of ~60 tables each, and
 * per-table round trips would dominate the dump of small tables.
 */
public final class Catalog {

    /** A column and how its values are written. */
    public record Column(String name, String dataType, boolean generated) {
    }

    /** A table, view or sequence. */
    public record Table(String database, String name, String type, String engine, List<Column> columns,
                        List<String> triggers) {
        public boolean isView() {
            return "VIEW".equals(type);
        }

        public boolean isSequence() {
            return "SEQUENCE".equals(type);
        }

        /** Columns that carry data: generated columns are computed again on load. */
        public List<Column> storedColumns() {
            return columns.stream().filter(c -> !c.generated()).toList();
        }
    }

    /** A stored procedure, function or event of a database. */
    public record Routine(String type, String name) {
    }

    /** A database and what it holds. */
    public record Database(String name, List<Table> tables, List<Routine> routines) {
    }

    private final List<Database> databases;

    private Catalog(List<Database> databases) {
        this.databases = databases;
    }

    public List<Database> databases() {
        return databases;
    }

    public long tableCount() {
        return databases.stream().mapToLong(d -> d.tables().stream().filter(t -> !t.isView()).count()).sum();
    }

    public static Catalog read(Connection connection, Predicate<String> includeDatabase) throws SQLException {
        Map<String, Map<String, Table>> tables = new LinkedHashMap<>();
        Map<String, List<Routine>> routines = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
                while (rs.next()) {
                    String db = rs.getString(1);
                    if (includeDatabase.test(db)) {
                        tables.put(db, new LinkedHashMap<>());
                        routines.put(db, new ArrayList<>());
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE FROM information_schema.TABLES "
                    + "ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
                while (rs.next()) {
                    Map<String, Table> inDb = tables.get(rs.getString(1));
                    if (inDb != null) {
                        String name = rs.getString(2);
                        inDb.put(name, new Table(rs.getString(1), name, rs.getString(3), rs.getString(4),
                                new ArrayList<>(), new ArrayList<>()));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_GENERATED "
                    + "FROM information_schema.COLUMNS ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
                while (rs.next()) {
                    Table t = find(tables, rs.getString(1), rs.getString(2));
                    if (t != null) {
                        t.columns().add(new Column(rs.getString(3), rs.getString(4), !"NEVER".equalsIgnoreCase(rs.getString(5))));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME "
                    + "FROM information_schema.TRIGGERS ORDER BY TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, ACTION_ORDER")) {
                while (rs.next()) {
                    Table t = find(tables, rs.getString(1), rs.getString(2));
                    if (t != null) {
                        t.triggers().add(rs.getString(3));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT ROUTINE_SCHEMA, ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES "
                    + "ORDER BY ROUTINE_SCHEMA, ROUTINE_TYPE, ROUTINE_NAME")) {
                while (rs.next()) {
                    List<Routine> inDb = routines.get(rs.getString(1));
                    if (inDb != null) {
                        inDb.add(new Routine(rs.getString(2), rs.getString(3)));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS "
                    + "ORDER BY EVENT_SCHEMA, EVENT_NAME")) {
                while (rs.next()) {
                    List<Routine> inDb = routines.get(rs.getString(1));
                    if (inDb != null) {
                        inDb.add(new Routine("EVENT", rs.getString(2)));
                    }
                }
            }
        }
        List<Database> result = new ArrayList<>();
        tables.forEach((db, inDb) -> result.add(new Database(db, List.copyOf(inDb.values()), List.copyOf(routines.get(db)))));
        return new Catalog(result);
    }

    private static Table find(Map<String, Map<String, Table>> tables, String db, String table) {
        Map<String, Table> inDb = tables.get(db);
        return inDb == null ? null : inDb.get(table);
    }
}

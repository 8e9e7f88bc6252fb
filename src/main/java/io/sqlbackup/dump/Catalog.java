package io.sqlbackup.dump;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.server.ServerAccess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every object to dump, read with a handful of information_schema queries for the whole server
 * instead of several per table: a wiki farm has thousands of databases of ~60 tables each, and
 * per-table round trips would dominate the dump of small tables.
 */
public final class Catalog {

    private static final Set<String> INTEGER_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");

    /** A column and how its values are written. */
    public record Column(String name, String dataType, boolean generated, boolean nullable) {
        boolean isInteger() {
            return INTEGER_TYPES.contains(dataType.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * A table, view or sequence.
     *
     * @param transactional whether its engine keeps the snapshot (InnoDB) or not (MyISAM, Aria)
     * @param dataBytes     the server's estimate of its data size, to decide whether to split it
     * @param splitColumn   an integer NOT NULL column leading an index, whose ranges split the
     *                      table into chunks dumped in parallel; null when there is none
     */
    public record Table(String database, String name, String type, String engine, boolean transactional, long dataBytes,
                        List<Column> columns, List<String> triggers, String splitColumn) {
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

        public String qualifiedName() {
            return database + "." + name;
        }
    }

    /** A stored procedure, function or event of a database. */
    public record Routine(String type, String name) {
    }

    /** A database and what it holds. */
    public record Database(String name, List<Table> tables, List<Routine> routines) {
    }

    /** A table while its facts are being collected from several queries. */
    private static final class Draft {
        final String database;
        final String name;
        final String type;
        final String engine;
        final boolean transactional;
        final long dataBytes;
        final List<Column> columns = new ArrayList<>();
        final List<String> triggers = new ArrayList<>();
        String splitColumn;

        Draft(String database, String name, String type, String engine, boolean transactional, long dataBytes) {
            this.database = database;
            this.name = name;
            this.type = type;
            this.engine = engine;
            this.transactional = transactional;
            this.dataBytes = dataBytes;
        }

        Table table() {
            return new Table(database, name, type, engine, transactional, dataBytes, List.copyOf(columns), List.copyOf(triggers),
                    splitColumn);
        }
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

    /** Tables whose engine does not keep the snapshot: consistent only if dumped while commits are blocked. */
    public List<Table> nonTransactionalTables() {
        return databases.stream().flatMap(d -> d.tables().stream())
                .filter(t -> !t.isView() && !t.isSequence() && !t.transactional()).toList();
    }

    /**
     * Fails when {@code sqlbackup.dump.databases} names, literally, a database the server does not
     * have: a typo or a dropped database, which should not turn into a smaller backup unnoticed.
     */
    void requireNamedDatabases(DumpOptions options, ServerAccess source) {
        Set<String> present = new HashSet<>();
        databases.forEach(d -> present.add(d.name()));
        List<String> missing = options.databases().stream().filter(NamePattern::isLiteralDatabase)
                .map(NamePattern::toString).filter(d -> !present.contains(d)).toList();
        if (!missing.isEmpty()) {
            throw new ConfigurationException("sqlbackup.dump.databases names databases the " + source.role() + " server at "
                    + source.address() + " does not have (or that are never dumped): " + String.join(", ", missing),
                    "sqlbackup.dump.databases");
        }
    }

    public static Catalog read(Connection connection, DumpOptions options) throws SQLException {
        Map<String, Map<String, Draft>> tables = new LinkedHashMap<>();
        Map<String, List<Routine>> routines = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            Set<String> transactionalEngines = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT ENGINE FROM information_schema.ENGINES WHERE TRANSACTIONS = 'YES'")) {
                while (rs.next()) {
                    transactionalEngines.add(rs.getString(1).toUpperCase(Locale.ROOT));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
                while (rs.next()) {
                    String db = rs.getString(1);
                    if (options.includesDatabase(db)) {
                        tables.put(db, new LinkedHashMap<>());
                        routines.put(db, new ArrayList<>());
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, DATA_LENGTH "
                    + "FROM information_schema.TABLES ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
                while (rs.next()) {
                    String db = rs.getString(1);
                    String name = rs.getString(2);
                    Map<String, Draft> inDb = tables.get(db);
                    if (inDb != null && options.includesTable(db, name)) {
                        String engine = rs.getString(4);
                        boolean transactional = engine == null || transactionalEngines.contains(engine.toUpperCase(Locale.ROOT));
                        inDb.put(name, new Draft(db, name, rs.getString(3), engine, transactional, rs.getLong(5)));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_GENERATED, IS_NULLABLE "
                    + "FROM information_schema.COLUMNS ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
                while (rs.next()) {
                    Draft t = find(tables, rs.getString(1), rs.getString(2));
                    if (t != null) {
                        t.columns.add(new Column(rs.getString(3), rs.getString(4), !"NEVER".equalsIgnoreCase(rs.getString(5)),
                                "YES".equalsIgnoreCase(rs.getString(6))));
                    }
                }
            }
            // Leading columns of the primary key, else of a unique key: InnoDB clusters rows by it, so a range of it is a cheap scan.
            try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.STATISTICS "
                    + "WHERE SEQ_IN_INDEX = 1 AND NON_UNIQUE = 0 ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME <> 'PRIMARY', INDEX_NAME")) {
                while (rs.next()) {
                    Draft t = find(tables, rs.getString(1), rs.getString(2));
                    if (t != null && t.splitColumn == null) {
                        String column = rs.getString(3);
                        t.columns.stream().filter(c -> c.name().equals(column) && c.isInteger() && !c.nullable() && !c.generated())
                                .findFirst().ifPresent(c -> t.splitColumn = c.name());
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME "
                    + "FROM information_schema.TRIGGERS ORDER BY TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, ACTION_ORDER")) {
                while (rs.next()) {
                    Draft t = find(tables, rs.getString(1), rs.getString(2));
                    if (t != null) {
                        t.triggers.add(rs.getString(3));
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
        tables.forEach((db, inDb) -> result.add(new Database(db, inDb.values().stream().map(Draft::table).toList(),
                List.copyOf(routines.get(db)))));
        return new Catalog(result);
    }

    private static Draft find(Map<String, Map<String, Draft>> tables, String db, String table) {
        Map<String, Draft> inDb = tables.get(db);
        return inDb == null ? null : inDb.get(table);
    }
}

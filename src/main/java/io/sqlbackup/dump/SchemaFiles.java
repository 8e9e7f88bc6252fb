package io.sqlbackup.dump;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The schema files of the mydumper 0.10 layout: {@code DB-schema-create.sql}, {@code DB.T-schema.sql},
 * {@code DB.V-schema-view.sql}, {@code DB.T-schema-triggers.sql}, {@code DB-schema-post.sql}.
 * The texts come from the server's own SHOW CREATE statements, read as raw bytes.
 */
final class SchemaFiles {

    static final String DATA_HEADER = "/*!40101 SET NAMES utf8mb4*/;\n/*!40014 SET FOREIGN_KEY_CHECKS=0*/;\n"
            + "/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n/*!40103 SET TIME_ZONE='+00:00' */;\n";
    private static final String SCHEMA_HEADER = "/*!40101 SET NAMES utf8mb4*/;\n/*!40014 SET FOREIGN_KEY_CHECKS=0*/;\n"
            + "/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n"
            + "/*!40103 SET TIME_ZONE='+00:00' */;\n";
    private static final String SAVE_SESSION = "SET @PREV_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT;\n"
            + "SET @PREV_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS;\n"
            + "SET @PREV_COLLATION_CONNECTION=@@COLLATION_CONNECTION;\nSET @PREV_SQL_MODE=@@SQL_MODE;\n";
    private static final String RESTORE_SESSION = "SET character_set_client = @PREV_CHARACTER_SET_CLIENT;\n"
            + "SET character_set_results = @PREV_CHARACTER_SET_RESULTS;\n"
            + "SET collation_connection = @PREV_COLLATION_CONNECTION;\nSET SQL_MODE = @PREV_SQL_MODE;\n";

    private final Connection session;

    SchemaFiles(Connection session) {
        this.session = session;
    }

    ChunkBuffer createDatabase(String db) throws SQLException {
        return new ChunkBuffer(256).append(column("SHOW CREATE DATABASE " + SqlText.identifier(db), 2)).append(";\n");
    }

    ChunkBuffer createTable(Catalog.Table t) throws SQLException {
        return new ChunkBuffer(4096).append(SCHEMA_HEADER)
                .append(column("SHOW CREATE TABLE " + SqlText.qualified(t.database(), t.name()), 2)).append(";\n");
    }

    /** A stand-in table with the view's columns, so views that use views load in any order (as mydumper does). */
    ChunkBuffer viewPlaceholder(Catalog.Table v) {
        StringBuilder b = new StringBuilder("/*!40101 SET NAMES utf8mb4*/;\nCREATE TABLE ").append(SqlText.identifier(v.name())).append("(\n");
        for (int i = 0; i < v.columns().size(); i++) {
            b.append(i == 0 ? "" : ",\n").append(SqlText.identifier(v.columns().get(i).name())).append(" int");
        }
        return new ChunkBuffer(256).append(b.append("\n)ENGINE=MyISAM;\n").toString());
    }

    ChunkBuffer createView(Catalog.Table v) throws SQLException {
        try (Statement s = session.createStatement();
             ResultSet rs = s.executeQuery("SHOW CREATE VIEW " + SqlText.qualified(v.database(), v.name()))) {
            rs.next();
            ChunkBuffer out = new ChunkBuffer(1024).append("/*!40101 SET NAMES utf8mb4*/;\n")
                    .append("DROP TABLE IF EXISTS " + SqlText.identifier(v.name()) + ";\n")
                    .append("DROP VIEW IF EXISTS " + SqlText.identifier(v.name()) + ";\n");
            out.append(SAVE_SESSION);
            sessionCharset(out, text(rs, "character_set_client"), text(rs, "collation_connection"), null);
            out.append(SqlText.lineSafe(rs.getBytes("Create View"))).append(";\n").append(RESTORE_SESSION);
            return out;
        }
    }

    ChunkBuffer triggers(Catalog.Table t) throws SQLException {
        ChunkBuffer out = new ChunkBuffer(1024).append(SAVE_SESSION);
        for (String trigger : t.triggers()) {
            try (Statement s = session.createStatement();
                 ResultSet rs = s.executeQuery("SHOW CREATE TRIGGER " + SqlText.qualified(t.database(), trigger))) {
                rs.next();
                sessionCharset(out, text(rs, "character_set_client"), text(rs, "collation_connection"), text(rs, "sql_mode"));
                out.append(SqlText.lineSafe(rs.getBytes("SQL Original Statement"))).append(";\n");
            }
        }
        return out.append(RESTORE_SESSION);
    }

    ChunkBuffer routines(Catalog.Database db) throws SQLException {
        ChunkBuffer out = new ChunkBuffer(1024).append(SAVE_SESSION);
        for (Catalog.Routine r : db.routines()) {
            String kind = r.type();
            String qualified = SqlText.qualified(db.name(), r.name());
            try (Statement s = session.createStatement();
                 ResultSet rs = s.executeQuery("SHOW CREATE " + kind + " " + qualified)) {
                rs.next();
                sessionCharset(out, text(rs, "character_set_client"), text(rs, "collation_connection"), text(rs, "sql_mode"));
                if ("EVENT".equals(kind)) {
                    out.append("SET time_zone = '" + text(rs, "time_zone") + "';\n");
                }
                out.append("DROP " + kind + " IF EXISTS " + SqlText.identifier(r.name()) + ";\n");
                byte[] create = rs.getBytes("Create " + kind.charAt(0) + kind.substring(1).toLowerCase(java.util.Locale.ROOT));
                out.append(SqlText.lineSafe(create)).append(";\n");
            }
        }
        return out.append("SET time_zone = '+00:00';\n").append(RESTORE_SESSION);
    }

    private static void sessionCharset(ChunkBuffer out, String client, String collation, String sqlMode) {
        out.append("SET character_set_client = " + client + ";\n")
                .append("SET character_set_results = " + client + ";\n")
                .append("SET collation_connection = " + collation + ";\n");
        if (sqlMode != null) {
            out.append("SET SQL_MODE = '" + sqlMode + "';\n");
        }
    }

    private byte[] column(String sql, int index) throws SQLException {
        try (Statement s = session.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no result for " + sql);
            }
            return rs.getBytes(index);
        }
    }

    private static String text(ResultSet rs, String column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
}

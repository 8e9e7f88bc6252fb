package io.sqlbackup.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A small wiki farm shaped like MediaWiki's schema: per wiki, page / revision / text / comment /
 * actor / categorylinks / page_props, a non-transactional search index without a primary key, a
 * view and a trigger, with the awkward values real wikis hold: binary titles and blobs with every
 * byte value, 4-byte UTF-8, NULL next to empty strings, DATETIME(6), ENUM, DECIMAL and FLOAT.
 * Rows come from the server's own sequence engine, so loading is fast and deterministic.
 */
public final class WikiDataset {

    private WikiDataset() {
    }

    /** Creates {@code wikis} databases named {@code PREFIX_01..} with {@code pages} pages each; returns their names. */
    public static java.util.List<String> load(Connection connection, String prefix, int wikis, int pages) throws SQLException {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Statement s = connection.createStatement()) {
            for (int w = 1; w <= wikis; w++) {
                String name = String.format("%s_%02d", prefix, w);
                loadWiki(s, name, pages);
                names.add(name);
            }
        }
        return names;
    }

    private static void loadWiki(Statement s, String db, int pages) throws SQLException {
        int revisions = pages * 3;
        s.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        s.execute("USE `" + db + "`");
        s.execute("CREATE TABLE actor (actor_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, actor_user INT UNSIGNED,"
                + " actor_name VARBINARY(255) NOT NULL, UNIQUE KEY actor_name (actor_name)) ENGINE=InnoDB");
        s.execute("CREATE TABLE comment (comment_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                + " comment_hash INT NOT NULL, comment_text BLOB NOT NULL, comment_data BLOB) ENGINE=InnoDB");
        s.execute("CREATE TABLE page (page_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, page_namespace INT NOT NULL,"
                + " page_title VARBINARY(255) NOT NULL, page_is_redirect TINYINT UNSIGNED NOT NULL DEFAULT 0,"
                + " page_random DOUBLE UNSIGNED NOT NULL, page_touched BINARY(14) NOT NULL, page_latest INT UNSIGNED NOT NULL,"
                + " page_len INT UNSIGNED NOT NULL, page_content_model VARBINARY(32), page_lang VARBINARY(35),"
                + " page_len_kb DECIMAL(12,3) AS (page_len / 1024) VIRTUAL,"
                + " UNIQUE KEY page_name_title (page_namespace, page_title)) ENGINE=InnoDB");
        s.execute("CREATE TABLE revision (rev_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, rev_page INT UNSIGNED NOT NULL,"
                + " rev_comment_id BIGINT UNSIGNED NOT NULL, rev_actor BIGINT UNSIGNED NOT NULL, rev_timestamp BINARY(14) NOT NULL,"
                + " rev_minor_edit TINYINT UNSIGNED NOT NULL DEFAULT 0, rev_deleted TINYINT UNSIGNED NOT NULL DEFAULT 0,"
                + " rev_len INT UNSIGNED, rev_parent_id INT UNSIGNED, rev_sha1 VARBINARY(32) NOT NULL,"
                + " rev_saved DATETIME(6) NOT NULL, KEY rev_page_timestamp (rev_page, rev_timestamp)) ENGINE=InnoDB");
        s.execute("CREATE TABLE text (old_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, old_text MEDIUMBLOB NOT NULL,"
                + " old_flags TINYBLOB NOT NULL) ENGINE=InnoDB");
        s.execute("CREATE TABLE categorylinks (cl_from INT UNSIGNED NOT NULL, cl_to VARBINARY(255) NOT NULL,"
                + " cl_sortkey VARBINARY(230) NOT NULL, cl_timestamp TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                + " cl_type ENUM('page','subcat','file') NOT NULL DEFAULT 'page', PRIMARY KEY (cl_from, cl_to)) ENGINE=InnoDB");
        s.execute("CREATE TABLE page_props (pp_page INT UNSIGNED NOT NULL, pp_propname VARBINARY(60) NOT NULL, pp_value BLOB NOT NULL,"
                + " pp_sortkey FLOAT, PRIMARY KEY (pp_page, pp_propname)) ENGINE=InnoDB");
        // Like MediaWiki's searchindex: Aria, full text, and no primary key.
        s.execute("CREATE TABLE searchindex (si_page INT UNSIGNED NOT NULL, si_title VARCHAR(255) NOT NULL DEFAULT '',"
                + " si_text MEDIUMTEXT NOT NULL, FULLTEXT KEY si_text (si_text)) ENGINE=Aria DEFAULT CHARSET=utf8mb4");
        s.execute("CREATE TABLE recent_edits_count (rc_page INT UNSIGNED NOT NULL PRIMARY KEY, edits INT NOT NULL) ENGINE=InnoDB");

        s.execute("INSERT INTO actor (actor_id, actor_user, actor_name) SELECT seq, IF(seq % 5 = 0, NULL, seq),"
                + " CONVERT(CONCAT('User ', seq, IF(seq % 11 = 0, ' Ωμέγα', '')) USING utf8mb4)"
                + " FROM seq_1_to_" + Math.max(10, pages / 10));
        s.execute("UPDATE actor SET actor_name = CONCAT('User ', actor_id, ' ', _utf8mb4 0xF09F9880) WHERE actor_id % 7 = 0");
        s.execute("INSERT INTO comment SELECT seq, CAST(CRC32(seq) AS SIGNED) - 2147483648, CONCAT('Edit summary ', seq, IF(seq % 3 = 0, ' with \"quotes\", \\'apostrophes\\', \\\\ and\\nnewlines', '')),"
                + " IF(seq % 4 = 0, NULL, IF(seq % 4 = 1, '', UNHEX(SHA2(seq, 256)))) FROM seq_1_to_" + revisions);
        s.execute("INSERT INTO page (page_id, page_namespace, page_title, page_is_redirect, page_random, page_touched, page_latest,"
                + " page_len, page_content_model, page_lang) SELECT seq, seq % 4, CONCAT('Page_', seq, "
                + " IF(seq % 17 = 0, CHAR(0, 9, 10, 13, 26, 39, 34, 92), '')), seq % 9 = 0, (seq * 7919 % 10007) / 10007,"
                + " DATE_FORMAT('2020-01-01' + INTERVAL seq MINUTE, '%Y%m%d%H%i%s'), seq * 3, seq * 37 % 100000,"
                + " 'wikitext', IF(seq % 2 = 0, NULL, IF(seq % 3 = 0, '', 'en')) FROM seq_1_to_" + pages);
        s.execute("UPDATE page SET page_title = CONCAT(page_title, _binary 0xF09F9A80) WHERE page_id % 13 = 0");
        s.execute("INSERT INTO text SELECT seq, CONCAT('== Section ', seq, ' ==\\n', REPEAT(CONCAT('Lorem ipsum dolor sit amet ', seq, '. '), 1 + seq % 40),"
                + " IF(seq % 5 = 0, UNHEX(SHA2(seq, 512)), '')), IF(seq % 2 = 0, 'utf-8', 'utf-8,gzip') FROM seq_1_to_" + revisions);
        s.execute("INSERT INTO revision SELECT seq, 1 + (seq - 1) DIV 3, seq, 1 + seq % " + Math.max(10, pages / 10) + ","
                + " DATE_FORMAT('2020-01-01' + INTERVAL seq MINUTE, '%Y%m%d%H%i%s'), seq % 2, 0, seq * 37 % 100000,"
                + " IF(seq % 3 = 1, NULL, seq - 1), LEFT(SHA1(seq), 31), '2020-01-01 00:00:00.000001' + INTERVAL seq * 1001 MICROSECOND"
                + " FROM seq_1_to_" + revisions);
        s.execute("INSERT INTO categorylinks SELECT seq, CONCAT('Category_', seq % 20), UPPER(CONCAT('Page_', seq)),"
                + " '2021-06-01 12:00:00' + INTERVAL seq SECOND, ELT(1 + seq % 3, 'page', 'subcat', 'file') FROM seq_1_to_" + pages);
        s.execute("INSERT INTO page_props SELECT seq, 'defaultsort', CONCAT('Sort ', seq), seq / 7 FROM seq_1_to_" + pages);
        s.execute("INSERT INTO page_props SELECT seq, 'wikibase_item', CONCAT('Q', seq * 11), NULL FROM seq_1_to_" + pages / 2);
        s.execute("INSERT INTO searchindex SELECT seq, CONCAT('Page ', seq), CONCAT('page ', seq, ' text words ', REPEAT('wiki ', seq % 10))"
                + " FROM seq_1_to_" + pages);
        s.execute("INSERT INTO searchindex SELECT seq, CONCAT('Page ', seq), 'duplicate row' FROM seq_1_to_" + Math.max(1, pages / 20));
        s.execute("CREATE VIEW page_summary AS SELECT p.page_id, p.page_title, p.page_len, COUNT(r.rev_id) AS revisions"
                + " FROM page p LEFT JOIN revision r ON r.rev_page = p.page_id GROUP BY p.page_id, p.page_title, p.page_len");
        s.execute("CREATE TRIGGER revision_count AFTER INSERT ON revision FOR EACH ROW INSERT INTO recent_edits_count VALUES"
                + " (NEW.rev_page, 1) ON DUPLICATE KEY UPDATE edits = edits + 1");
        s.execute("INSERT INTO revision SELECT " + (revisions + 1) + ", 1, 1, 1, '20240101000000', 0, 0, 10, NULL, 'abc',"
                + " '2024-01-01 00:00:00.5'");
        s.execute("CREATE PROCEDURE page_count(OUT n INT) SELECT COUNT(*) INTO n FROM page");
    }
}

package io.sqlbackup.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DeferredKeysTest {

    private static final String REVISION = """
            CREATE TABLE `revision` (
              `rev_id` int(10) unsigned NOT NULL,
              `rev_page` int(10) unsigned NOT NULL,
              `rev_sha1` varbinary(40) NOT NULL,
              PRIMARY KEY (`rev_id`),
              UNIQUE KEY `rev_sha1` (`rev_sha1`),
              KEY `rev_page` (`rev_page`,`rev_id`),
              KEY `rev_page_only` (`rev_page`)
            ) ENGINE=InnoDB DEFAULT CHARSET=binary""";

    @Test
    void plainKeysOfAnInnodbTableWithAPrimaryKeyAreAddedAfterTheRows() {
        DeferredKeys d = DeferredKeys.of(REVISION);
        assertEquals("""
                CREATE TABLE `revision` (
                  `rev_id` int(10) unsigned NOT NULL,
                  `rev_page` int(10) unsigned NOT NULL,
                  `rev_sha1` varbinary(40) NOT NULL,
                  PRIMARY KEY (`rev_id`),
                  UNIQUE KEY `rev_sha1` (`rev_sha1`)
                ) ENGINE=InnoDB DEFAULT CHARSET=binary""", d.createTable());
        assertEquals("ADD KEY `rev_page` (`rev_page`,`rev_id`), ADD KEY `rev_page_only` (`rev_page`)", d.addKeys());
    }

    @Test
    void tablesThatMustKeepTheirKeysAreLeftWhole() {
        assertNull(DeferredKeys.of(REVISION.replace("ENGINE=InnoDB", "ENGINE=Aria")).addKeys());
        assertNull(DeferredKeys.of(REVISION.replace("  PRIMARY KEY (`rev_id`),\n", "")).addKeys(), "no primary key");
        assertNull(DeferredKeys.of(REVISION.replace("  KEY `rev_page_only` (`rev_page`)",
                "  KEY `rev_page_only` (`rev_page`),\n  CONSTRAINT `fk` FOREIGN KEY (`rev_page`) REFERENCES `page` (`page_id`)")).addKeys());
        assertNull(DeferredKeys.of("CREATE TABLE `t` (\n  `a` int NOT NULL,\n  PRIMARY KEY (`a`)\n) ENGINE=InnoDB").addKeys(), "no keys");
        assertNull(DeferredKeys.of("DROP TABLE IF EXISTS `v`").addKeys());
        // the AUTO_INCREMENT column leads only a plain key: the table cannot be created without it
        assertNull(DeferredKeys.of("CREATE TABLE `t` (\n  `tenant` int NOT NULL,\n  `id` int NOT NULL AUTO_INCREMENT,\n"
                + "  PRIMARY KEY (`tenant`,`id`),\n  KEY `id` (`id`)\n) ENGINE=InnoDB").addKeys());
        // leading the primary key, it needs no other
        assertEquals("ADD KEY `t` (`tenant`)", DeferredKeys.of("CREATE TABLE `t` (\n  `id` int NOT NULL AUTO_INCREMENT,\n"
                + "  `tenant` int NOT NULL,\n  PRIMARY KEY (`id`),\n  KEY `t` (`tenant`)\n) ENGINE=InnoDB").addKeys());
    }

    @Test
    void theEngineIsReadFromAfterTheDefinitions() {
        assertEquals("InnoDB", DeferredKeys.engine(REVISION));
        assertEquals("Aria", DeferredKeys.engine(REVISION.replace("ENGINE=InnoDB", "ENGINE=Aria")));
        assertEquals("MyISAM", DeferredKeys.engine("CREATE TABLE `t` (\n  `id` int(11) NOT NULL\n) engine = MyISAM"));
        assertNull(DeferredKeys.engine("CREATE TABLE `t` (\n  `id` int(11) NOT NULL\n)"));
    }
}

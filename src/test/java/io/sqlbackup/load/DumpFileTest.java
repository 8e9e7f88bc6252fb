package io.sqlbackup.load;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DumpFileTest {

    private static final Set<String> NONE = Set.of();

    @Test
    void namesOfMydumperAndSqlbackupFiles() {
        assertEquals(new DumpFile("wiki-schema-create.sql", DumpFile.Kind.DATABASE, "wiki", null, false),
                DumpFile.of("wiki-schema-create.sql", NONE));
        assertEquals(new DumpFile("wiki.page-schema.sql", DumpFile.Kind.TABLE_SCHEMA, "wiki", "page", false),
                DumpFile.of("wiki.page-schema.sql", NONE));
        assertEquals(new DumpFile("wiki.page.sql", DumpFile.Kind.DATA, "wiki", "page", false), DumpFile.of("wiki.page.sql", NONE));
        assertEquals(new DumpFile("wiki.page.00003.sql.gz", DumpFile.Kind.DATA, "wiki", "page", true),
                DumpFile.of("wiki.page.00003.sql.gz", NONE));
        assertEquals(DumpFile.Kind.VIEW, DumpFile.of("wiki.v-schema-view.sql", NONE).kind());
        assertEquals(DumpFile.Kind.TRIGGERS, DumpFile.of("wiki.page-schema-triggers.sql", NONE).kind());
        assertEquals(new DumpFile("wiki-schema-post.sql", DumpFile.Kind.POST, "wiki", null, false),
                DumpFile.of("wiki-schema-post.sql", NONE));
        assertEquals(DumpFile.Kind.METADATA, DumpFile.of("metadata", NONE).kind());
        assertEquals(DumpFile.Kind.MANIFEST, DumpFile.of("sqlbackup-manifest.json", NONE).kind());
        assertEquals(DumpFile.Kind.ACCOUNTS, DumpFile.of("sqlbackup-accounts.txt", NONE).kind());
        assertEquals(DumpFile.Kind.OTHER, DumpFile.of("README", NONE).kind());
    }

    @Test
    void aDatabaseNameWithADotIsTakenFromTheKnownDatabases() {
        Set<String> known = Set.of("my.wiki");
        assertEquals(new DumpFile("my.wiki.page.00001.sql", DumpFile.Kind.DATA, "my.wiki", "page", false),
                DumpFile.of("my.wiki.page.00001.sql", known));
        // without knowing it, the first dot splits, as myloader does
        assertEquals("my", DumpFile.of("my.wiki.page.00001.sql", NONE).database());
    }

    @Test
    void aTableNameWithADotKeepsIt() {
        assertEquals(new DumpFile("w.a.b.sql", DumpFile.Kind.DATA, "w", "a.b", false), DumpFile.of("w.a.b.sql", Set.of("w")));
    }
}

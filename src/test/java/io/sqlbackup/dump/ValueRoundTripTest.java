package io.sqlbackup.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.embedded.ReplicationPair;
import io.sqlbackup.testing.Checksums;
import io.sqlbackup.testing.TestServers;
import io.sqlbackup.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every value comes back exactly: tables of awkward values ({@link ValueTables}) on the primary,
 * a backup of the replica through the command line, opened with openssl and tar, loaded by the
 * real myloader and by the real mariadb client into fresh servers, and compared with the replica
 * value by value (so a difference names its table, row and column) and by CHECKSUM TABLE.
 */
class ValueRoundTripTest {

    private static final String DB = "value_roundtrip";

    @TempDir
    static Path work;
    private static Path dump;
    private static List<String> tables;

    @BeforeAll
    static void dumpValueTables() throws Exception {
        ReplicationPair pair = TestServers.pair();
        try (Connection c = pair.primary().connect()) {
            tables = ValueTables.create(c, DB);
        }
        pair.awaitReplicaCaughtUp();
        dump = SqlbackupDump.take(pair.replica(), DB, work);
    }

    @Test
    void myloaderLoadsEveryValueBack() throws Exception {
        Tools.require("myloader");
        try (MariaDbServer target = TestServers.fresh(70)) {
            DumpLoader.myloader(target, dump);
            assertSameValues(target);
        }
    }

    @Test
    void mariadbClientLoadsEveryValueBackInMydumperOrder() throws Exception {
        Tools.require("mariadb");
        try (MariaDbServer target = TestServers.fresh(71)) {
            DumpLoader.mariadbClient(target, dump);
            assertSameValues(target);
        }
    }

    @Test
    void generatedColumnsAreLeftOutOfTheInserts() throws Exception {
        String data = Files.readString(dump.resolve(DB + ".v_generated.00000.sql"), StandardCharsets.UTF_8);
        assertTrue(data.contains("INSERT INTO `v_generated` (`id`,`a`,`b`,`c`) VALUES\n"), data);
    }

    @Test
    void aDottedTableNameIsWrittenAsMydumperWritesIt() {
        // mydumper 0.10 writes DB.TABLE names as they are, dots included; so do we (myloader 0.10 loads them, see above).
        assertTrue(Files.exists(dump.resolve(DB + "." + ValueTables.DOTTED_TABLE + "-schema.sql")));
        assertTrue(Files.exists(dump.resolve(DB + "." + ValueTables.DOTTED_TABLE + ".00000.sql")));
    }

    private static void assertSameValues(MariaDbServer target) throws Exception {
        MariaDbServer source = TestServers.pair().replica();
        List<String> differences = new ArrayList<>();
        try (Connection s = source.connect(); Connection t = target.connect()) {
            for (String table : tables) {
                differences.addAll(TableValues.differences(TableValues.read(s, DB, table, c -> true),
                        TableValues.read(t, DB, table, c -> true)));
            }
            assertNull(TableValues.report("between the replica and " + target, differences));
            Map<String, Long> sourceSums = Checksums.of(s, DB);
            assertEquals(tables.size(), sourceSums.size(), "every value table compared: " + sourceSums.keySet());
            assertEquals(sourceSums, Checksums.of(t, DB));
        }
    }
}

package io.sqlbackup.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.manifest.Manifest;
import io.sqlbackup.testing.Checksums;
import io.sqlbackup.testing.TestServers;
import io.sqlbackup.testing.Tools;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four connections dump a database while money moves between its tables in transactions: if any
 * connection saw a different moment, the restored balances would not add up. A MyISAM journal
 * written after each transfer shows the lock keeps non-transactional tables at the same moment.
 */
class ConsistentDumpTest {

    private static final int TABLES = 6;
    private static final int ROWS = 20_000;
    private static final long BALANCE = 100;

    @Test
    void allConnectionsDumpOneMomentWhileTransfersRun(@TempDir Path tmp) throws Exception {
        Tools.require("myloader");
        try (MariaDbServer source = TestServers.fresh(40); MariaDbServer target = TestServers.fresh(41)) {
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE bank");
                s.execute("USE bank");
                for (int t = 0; t < TABLES; t++) {
                    s.execute("CREATE TABLE bank.acct_" + t + " (id INT NOT NULL PRIMARY KEY, balance BIGINT NOT NULL,"
                            + " note VARCHAR(64) NOT NULL) ENGINE=InnoDB");
                    s.execute("INSERT INTO bank.acct_" + t + " SELECT seq, " + BALANCE + ", CONCAT('account ', seq) FROM seq_1_to_" + ROWS);
                }
                s.execute("CREATE TABLE bank.ledger (id BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB");
                s.execute("CREATE TABLE bank.journal (id BIGINT NOT NULL PRIMARY KEY) ENGINE=MyISAM");
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong transfers = new AtomicLong();
            Thread writer = new Thread(() -> transfer(source, stop, transfers));
            writer.start();
            Map<String, byte[]> files;
            try {
                while (transfers.get() < 50) {
                    Thread.sleep(10);
                }
                files = DirectDump.all(source, DirectDump.options(4, 64 * 1024, "bank", ""));
            } finally {
                stop.set(true);
                writer.join();
            }
            assertTrue(transfers.get() > 50, "transfers ran during the dump");
            Manifest manifest = DirectDump.manifest(files);
            Map<String, Manifest.TableRecord> tables = manifest.tables().stream()
                    .collect(Collectors.toMap(Manifest.TableRecord::table, Function.identity()));
            assertTrue(tables.get("acct_0").files().size() > 2, "large tables span several files: " + tables.get("acct_0").files());

            DumpLoader.myloader(target, DirectDump.write(files, tmp.resolve("dump")));
            try (Connection c = target.connect()) {
                StringBuilder sum = new StringBuilder("SELECT ");
                for (int t = 0; t < TABLES; t++) {
                    sum.append(t == 0 ? "" : " + ").append("(SELECT SUM(balance) FROM bank.acct_").append(t).append(")");
                }
                assertEquals(TABLES * ROWS * BALANCE, Checksums.count(c, sum.toString()), "money neither created nor lost");
                long ledger = Checksums.count(c, "SELECT COUNT(*) FROM bank.ledger");
                long journal = Checksums.count(c, "SELECT COUNT(*) FROM bank.journal");
                assertTrue(ledger > 0 && journal >= ledger - 1 && journal <= ledger,
                        "the MyISAM journal matches the snapshot: ledger " + ledger + ", journal " + journal);
                for (Manifest.TableRecord t : manifest.tables()) {
                    assertEquals(t.rows(), Checksums.count(c, "SELECT COUNT(*) FROM bank." + t.table()), t.table());
                }
            }

            // The checksums do not depend on how the rows were split or in which order they come back.
            Map<String, byte[]> again = DirectDump.all(target, DirectDump.options(1, 1 << 20, "bank", ""));
            Map<String, String> first = manifest.tables().stream()
                    .collect(Collectors.toMap(Manifest.TableRecord::table, t -> t.rows() + " " + t.checksum()));
            Map<String, String> second = DirectDump.manifest(again).tables().stream()
                    .collect(Collectors.toMap(Manifest.TableRecord::table, t -> t.rows() + " " + t.checksum()));
            assertEquals(first, second);
        }
    }

    private static void transfer(MariaDbServer server, AtomicBoolean stop, AtomicLong transfers) {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (long n = 1; !stop.get(); n++) {
                int from = random.nextInt(TABLES);
                int to = random.nextInt(TABLES);
                long amount = 1 + random.nextInt(50);
                s.execute("BEGIN");
                s.execute("UPDATE bank.acct_" + from + " SET balance = balance - " + amount + " WHERE id = " + (1 + random.nextInt(ROWS)));
                s.execute("UPDATE bank.acct_" + to + " SET balance = balance + " + amount + " WHERE id = " + (1 + random.nextInt(ROWS)));
                s.execute("INSERT INTO bank.ledger VALUES (" + n + ")");
                s.execute("COMMIT");
                s.execute("INSERT INTO bank.journal VALUES (" + n + ")");
                transfers.incrementAndGet();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

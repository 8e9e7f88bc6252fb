package io.sqlbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo runs on its own servers and its printed openssl + tar line really opens the archive. */
class DemoCommandTest {

    @Test
    void demoBacksUpTheReplicaAndPrintsAWorkingOpenLine(@TempDir Path tmp) throws Exception {
        Tools.require("openssl", "tar");
        CliRun run = CliRun.of("demo", "--wikis", "2", "--pages", "100", "--dir", tmp.resolve("demo-data").toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("tables,") && run.out().contains("rows"), run.out());
        Matcher open = Pattern.compile("(mkdir -p restore && openssl enc -d .*)").matcher(run.out());
        assertTrue(open.find(), run.out());
        Tools.shellOk(tmp, open.group(1));
        assertTrue(Files.exists(tmp.resolve("restore/metadata")));
        assertTrue(Files.exists(tmp.resolve("restore/wiki_01.page.00000.sql")));
        assertTrue(Files.readString(tmp.resolve("restore/metadata")).contains("SHOW SLAVE STATUS:"), "the replica was dumped");
        // then both servers are wiped and restored through the inbox, and replication runs again
        assertTrue(run.out().contains("Wiped both servers"), run.out());
        assertTrue(run.out().contains("RESET MASTER on primary"), run.out());
        assertTrue(run.out().contains("Restore Succeeded"), run.out());
        assertTrue(run.out().contains("Slave_IO_Running=Yes, Slave_SQL_Running=Yes"), run.out());
        assertTrue(run.out().contains("reached the replica"), run.out());
        assertTrue(Files.exists(tmp.resolve("demo-data/inbox/done")), "the command file moved to done/");
    }
}

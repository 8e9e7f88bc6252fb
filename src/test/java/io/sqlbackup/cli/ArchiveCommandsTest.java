package io.sqlbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlbackup.demo.WikiDataset;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.testing.Checksums;
import io.sqlbackup.testing.CliRun;
import io.sqlbackup.testing.TestServers;
import io.sqlbackup.testing.Tools;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list}, {@code verify} and {@code extract} on real archives: ours, one made by the old
 * scripts (mydumper | tar -cz | openssl enc), and damaged ones.
 */
class ArchiveCommandsTest {

    private static final String KEY = "archive commands key";

    @TempDir
    static Path shared;

    private static Path bucket;
    private static String archiveName;
    private static List<String> databases;

    @TempDir
    Path tmp;

    @BeforeAll
    static void oneBackup() throws Exception {
        try (Connection c = TestServers.pair().primary().connect()) {
            databases = WikiDataset.load(c, "archcmd", 2, 300);
        }
        TestServers.pair().awaitReplicaCaughtUp();
        bucket = shared.resolve("bucket");
        CliRun run = CliRun.of("backup", "--set", "sqlbackup.source.url=" + TestServers.pair().replica().jdbcUrl(),
                "--set", "sqlbackup.bucket=file:" + bucket, "--set", "sqlbackup.key=" + KEY,
                "--set", "sqlbackup.dump.databases=" + String.join(",", databases),
                "--set", "sqlbackup.dump.chunk-size=64KB");
        assertEquals(0, run.exit(), run.err());
        try (Stream<Path> files = Files.list(bucket)) {
            archiveName = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tar.gz")).findFirst().orElseThrow();
        }
    }

    private static CliRun cli(Path bucketDir, String key, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "sqlbackup.bucket=file:" + bucketDir, "--set", "sqlbackup.key=" + key));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** A copy of the backup (with its sidecars) in a bucket of its own, for tests that damage it. */
    private Path copyOfBucket() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        try (Stream<Path> files = Files.list(bucket)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static void loadAndCompare(Path dir, Path workDir, int serverId) throws Exception {
        try (MariaDbServer fresh = TestServers.fresh(serverId)) {
            Tools.shellOk(workDir, "myloader -h 127.0.0.1 -P " + fresh.port() + " -u root -t 2 -d " + dir);
            String[] dbs = databases.toArray(String[]::new);
            try (Connection p = TestServers.pair().primary().connect(); Connection f = fresh.connect()) {
                Map<String, Long> source = Checksums.of(p, dbs);
                assertEquals(databases.size() * 9, source.size());
                assertEquals(source, Checksums.of(f, dbs));
            }
        }
    }

    @Test
    void verifyLatestChecksEveryDigestAndListShowsWhen() throws Exception {
        Path copy = copyOfBucket();
        CliRun before = cli(copy, KEY, "list");
        assertEquals(0, before.exit(), before.err());
        assertTrue(before.out().contains(archiveName) && before.out().contains("never"), before.out());

        CliRun verify = cli(copy, KEY, "verify", "latest");
        assertEquals(0, verify.exit(), verify.err());
        assertTrue(verify.out().contains(archiveName + " verified"), verify.out());
        assertTrue(verify.out().contains("matches the digest recorded when it was written"), verify.out());
        assertTrue(verify.out().contains("every one matches the manifest's SHA-256"), verify.out());

        CliRun json = cli(copy, KEY, "list", "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertEquals(1, rows.size());
        assertEquals(archiveName, rows.get(0).get("name").asText());
        assertNotNull(rows.get(0).get("verified").textValue(), json.out());
        assertEquals(Files.size(copy.resolve(archiveName)), rows.get(0).get("size").asLong());
    }

    @Test
    void extractGivesADirectoryMyloaderLoadsToEqualChecksums() throws Exception {
        Tools.require("myloader");
        Path dir = tmp.resolve("extracted");
        CliRun run = cli(bucket, KEY, "extract", archiveName, dir.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.exists(dir.resolve("metadata")));
        assertTrue(Files.exists(dir.resolve(databases.get(0) + ".text.00001.sql")));
        loadAndCompare(dir, tmp, 41);
    }

    @Test
    void anArchiveOfTheOldScriptsExtractsAndVerifiesWithoutAManifest() throws Exception {
        Tools.require("mydumper", "myloader", "tar", "openssl");
        Path dump = tmp.resolve("dump");
        int port = TestServers.pair().replica().port();
        // One run over both wikis, as the nightly script dumps the whole replica. The timeout turns a
        // mydumper 0.10 hang (seen here once: all its sessions idle, the process waiting) into a failure.
        Tools.shellOk(tmp, "timeout 300 mydumper -h 127.0.0.1 -P " + port + " -u root -t 2 -o " + dump
                + " --regex '^archcmd_0[12]\\.'");
        Path old = Files.createDirectories(tmp.resolve("old"));
        String name = "mydumper-backup-2025-01-01_020000.tar.gz";
        Tools.shellOk(tmp, "tar -cz -C " + dump + " . | openssl enc -pbkdf2 -e -aes256 -pass pass:'" + KEY + "' > " + old.resolve(name));

        CliRun verify = cli(tmp.resolve("unused"), KEY, "verify", old.resolve(name).toString());
        assertEquals(0, verify.exit(), verify.err());
        assertTrue(verify.out().contains("no sqlbackup manifest"), verify.out());

        Path dir = tmp.resolve("from-old");
        CliRun extract = cli(tmp.resolve("unused"), KEY, "extract", old.resolve(name).toString(), dir.toString());
        assertEquals(0, extract.exit(), extract.err());
        // The very files mydumper wrote (myloader then loads them as it would the dump itself; mydumper
        // 0.10's own FLOAT rounding makes a checksum comparison with the source meaningless here).
        Tools.shellOk(tmp, "diff -r " + dump + " " + dir);
        assertTrue(Files.exists(dir.resolve("metadata")));
    }

    @Test
    void aCorruptedByteFailsVerifyAndExtractNamingTheArchiveAndLeavesNoDirectory() throws Exception {
        Path copy = copyOfBucket();
        Path object = copy.resolve(archiveName);
        try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
            long middle = f.length() / 2;
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0x5a);
        }
        CliRun verify = cli(copy, KEY, "verify", archiveName);
        assertEquals(1, verify.exit(), verify.out());
        assertTrue(verify.err().contains(archiveName), verify.err());
        assertEquals(1, verify.err().lines().count(), verify.err());

        Path dir = tmp.resolve("never");
        CliRun extract = cli(copy, KEY, "extract", archiveName, dir.toString());
        assertEquals(1, extract.exit(), extract.out());
        assertTrue(extract.err().contains(archiveName), extract.err());
        assertFalse(Files.exists(dir));
        try (Stream<Path> left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".partial")), "no staging directory left");
        }
    }

    @Test
    void anObjectThatNoLongerMatchesItsRecordedDigestFailsVerify() throws Exception {
        Path copy = copyOfBucket();
        Path metadata = copy.resolve(archiveName + ".metadata.json");
        String recorded = Files.readString(metadata);
        String sha = new ObjectMapper().readTree(recorded).get("sha256").asText();
        String other = (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1);
        Files.writeString(metadata, recorded.replace(sha, other));
        CliRun verify = cli(copy, KEY, "verify", archiveName);
        assertEquals(1, verify.exit(), verify.out());
        assertTrue(verify.err().contains("the object " + archiveName + " is damaged"), verify.err());
        assertTrue(verify.err().contains(other), verify.err());
    }

    @Test
    void aTruncatedArchiveFailsNamingTheArchive() throws Exception {
        Path copy = copyOfBucket();
        Path object = copy.resolve(archiveName);
        try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
            f.setLength(f.length() * 2 / 3);
        }
        CliRun verify = cli(copy, KEY, "verify", archiveName);
        assertEquals(1, verify.exit(), verify.out());
        assertTrue(verify.err().contains(archiveName), verify.err());
        CliRun extract = cli(copy, KEY, "extract", archiveName, tmp.resolve("never").toString());
        assertEquals(1, extract.exit(), extract.out());
        assertFalse(Files.exists(tmp.resolve("never")));
    }

    @Test
    void aFileChangedInsideAValidArchiveFailsTheManifestCheck() throws Exception {
        Tools.require("tar", "openssl");
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        Path original = bucket.resolve(archiveName);
        Tools.shellOk(tmp, "openssl enc -d -aes256 -pbkdf2 -pass pass:'" + KEY + "' -in " + original + " | tar xz -C " + unpacked);
        String changed = databases.get(0) + ".page.00000.sql";
        Files.writeString(unpacked.resolve(changed), "-- tampered\n", java.nio.file.StandardOpenOption.APPEND);
        Path repacked = Files.createDirectories(tmp.resolve("repacked"));
        Tools.shellOk(tmp, "tar -cz -C " + unpacked + " . | openssl enc -pbkdf2 -e -aes256 -pass pass:'" + KEY + "' > "
                + repacked.resolve(archiveName));
        CliRun verify = cli(repacked, KEY, "verify", archiveName);
        assertEquals(1, verify.exit(), verify.out());
        assertTrue(verify.err().contains("does not match its manifest"), verify.err());
        assertTrue(verify.err().contains(changed), verify.err());
    }

    @Test
    void aWrongKeySaysSo() {
        CliRun verify = cli(bucket, "not the key", "verify", archiveName);
        assertEquals(1, verify.exit(), verify.out());
        assertTrue(verify.err().contains("wrong key or corrupted archive"), verify.err());
        assertFalse(verify.err().contains("not the key"), verify.err());
    }

    @Test
    void extractRefusesANonEmptyDirectoryBeforeReadingAnything() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dir.resolve("keep.txt"), "mine");
        CliRun run = cli(bucket, KEY, "extract", archiveName, dir.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.err().contains("is not empty"), run.err());
        assertEquals(List.of(dir.resolve("keep.txt")), Files.list(dir).toList());
    }

    @Test
    void aMissingObjectSaysWhereItLooked() {
        CliRun run = cli(bucket, KEY, "verify", "mydumper-backup-1999-01-01_000000.tar.gz");
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.err().contains("there is no object named mydumper-backup-1999-01-01_000000.tar.gz"), run.err());
    }
}

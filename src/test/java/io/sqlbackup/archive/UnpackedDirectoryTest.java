package io.sqlbackup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.archive.ArchiveException.Reason;
import io.sqlbackup.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing unpacked entries into a directory: complete files only, nothing overwritten, nothing outside. */
class UnpackedDirectoryTest {

    @TempDir
    Path tmp;

    private Path dir;
    private Path archive;

    @BeforeEach
    void archive() throws Exception {
        Tools.require("tar", "gzip");
        dir = SampleDump.directory(tmp.resolve("dump"));
        Tools.shellOk(tmp, "tar -cz -C " + dir + " -f a.tar.gz .");
        archive = tmp.resolve("a.tar.gz");
    }

    private static TarUnpackStream entries(Path archive) throws IOException {
        return new TarUnpackStream(Files.newInputStream(archive), "a.tar.gz", 1L << 40, "k");
    }

    @Test
    void writesEveryFileAsInTheArchive() throws Exception {
        Path target = tmp.resolve("restore/here");
        UnpackedDirectory.Summary summary;
        try (TarUnpackStream entries = entries(archive)) {
            summary = UnpackedDirectory.write(entries, target);
        }
        Map<String, String> expected = SampleDump.digests(dir);
        assertEquals(expected, SampleDump.digests(target));
        assertEquals(expected.size(), summary.files());
        long bytes = 0;
        for (String name : expected.keySet()) {
            bytes += Files.size(dir.resolve(name));
        }
        assertEquals(bytes, summary.bytes());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("metadata"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("sub"))));
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("restore"));
        Files.writeString(target.resolve("metadata"), "mine");
        try (TarUnpackStream entries = entries(archive)) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> UnpackedDirectory.write(entries, target));
            assertEquals(Reason.TARGET_EXISTS, e.reason());
            assertTrue(e.getMessage().contains("metadata already exists"), e.getMessage());
        }
        assertEquals("mine", Files.readString(target.resolve("metadata")));
        assertNoPartialFiles(target);
    }

    @Test
    void aTruncatedArchiveLeavesOnlyCompleteFiles() throws Exception {
        byte[] whole = Files.readAllBytes(archive);
        Path cut = Files.write(tmp.resolve("cut.tar.gz"), Arrays.copyOf(whole, whole.length * 2 / 3));
        Path target = tmp.resolve("restore");
        try (TarUnpackStream entries = entries(cut)) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> UnpackedDirectory.write(entries, target));
            assertEquals(Reason.TRUNCATED, e.reason());
        }
        assertNoPartialFiles(target);
        Map<String, String> written = SampleDump.digests(target);
        Map<String, String> expected = SampleDump.digests(dir);
        assertFalse(written.isEmpty());
        assertTrue(written.size() < expected.size());
        written.forEach((name, digest) -> assertEquals(expected.get(name), digest, name + " is incomplete"));
    }

    @Test
    void aSymbolicLinkInTheTargetIsNotWrittenThrough() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("restore"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(target.resolve("sub"), elsewhere);
        try (TarUnpackStream entries = entries(archive)) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> UnpackedDirectory.write(entries, target));
            assertEquals(Reason.UNSAFE_ENTRY, e.reason());
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        }
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void namesThatAreNotNormalisedAreRefused() throws Exception {
        Path target = tmp.resolve("restore");
        for (String bad : new String[] {"../x", "/etc/x", "./x", "a//b", ""}) {
            UnpackedEntries one = new UnpackedEntries() {
                boolean given;

                @Override
                public UnpackedEntry next() {
                    if (given) {
                        return null;
                    }
                    given = true;
                    return new UnpackedEntry(bad, 0, java.io.InputStream.nullInputStream());
                }

                @Override
                public void close() {
                }
            };
            ArchiveException e = assertThrows(ArchiveException.class, () -> UnpackedDirectory.write(one, target), bad);
            assertEquals(Reason.UNSAFE_ENTRY, e.reason());
        }
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(0, files.count());
        }
    }

    private static void assertNoPartialFiles(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(target)) {
            assertEquals(java.util.List.of(), files.filter(p -> p.getFileName().toString().endsWith(".partial")).toList());
        }
    }
}

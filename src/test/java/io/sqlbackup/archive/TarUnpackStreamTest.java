package io.sqlbackup.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.archive.ArchiveException.Reason;
import io.sqlbackup.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacking reads what GNU tar, gzip, pigz and zstd write (and what we write) back to the same
 * bytes, refuses entries that could escape the target directory, stops a decompression bomb at the
 * ceiling, and reports damage with the archive, the entry and the position.
 */
class TarUnpackStreamTest {

    private static final long NO_CEILING = 1L << 40;
    private static final String NAME = "mydumper-backup-2026-01-02_030405.tar.gz";

    @TempDir
    Path tmp;

    private Path dir;
    private Map<String, String> expected;

    @BeforeEach
    void sampleDirectory() throws IOException {
        dir = SampleDump.directory(tmp.resolve("dump"));
        expected = SampleDump.digests(dir);
    }

    private static TarUnpackStream unpack(Path archive, long ceiling) throws IOException {
        return new TarUnpackStream(Files.newInputStream(archive), NAME, ceiling, "sqlbackup.restore.max-unpacked-size");
    }

    private Map<String, String> unpackDigests(Path archive) throws IOException {
        try (TarUnpackStream entries = unpack(archive, NO_CEILING)) {
            Map<String, String> digests = SampleDump.digests(entries);
            assertNull(entries.next(), "the end stays the end");
            return digests;
        }
    }

    // ---- archives made by the real tools ----

    @Test
    void gnuTarGzip() throws Exception {
        Tools.require("tar", "gzip");
        Tools.shellOk(tmp, "tar -cz -C " + dir + " -f a.tar.gz .");
        assertEquals(expected, unpackDigests(tmp.resolve("a.tar.gz")));
    }

    @Test
    void tarThroughPigz() throws Exception {
        Tools.require("tar", "pigz");
        Tools.shellOk(tmp, "tar -c -C " + dir + " . | pigz -p 2 > a.tar.gz");
        assertEquals(expected, unpackDigests(tmp.resolve("a.tar.gz")));
    }

    @Test
    void multiMemberGzipFromConcatenation() throws Exception {
        Tools.require("tar", "gzip", "split");
        // Members that split the tar stream at arbitrary points, as `cat a.gz b.gz` does.
        Tools.shellOk(tmp, "tar -c -C " + dir + " -f a.tar . && split -b 1000000 a.tar part. && for p in part.*; do gzip -c $p >> multi.tar.gz; done");
        assertTrue(Files.list(tmp).filter(p -> p.getFileName().toString().startsWith("part.")).count() > 3);
        Tools.shellOk(tmp, "gzip -t multi.tar.gz");
        assertEquals(expected, unpackDigests(tmp.resolve("multi.tar.gz")));
    }

    @Test
    void tarZstdAndZstdFrames() throws Exception {
        Tools.require("tar", "zstd", "split");
        Tools.shellOk(tmp, "tar -c --zstd -C " + dir + " -f a.tar.zst .");
        assertEquals(expected, unpackDigests(tmp.resolve("a.tar.zst")));
        Tools.shellOk(tmp, "tar -c -C " + dir + " . | zstd -q -T2 -19 > b.tar.zst");
        assertEquals(expected, unpackDigests(tmp.resolve("b.tar.zst")));
        Tools.shellOk(tmp, "tar -c -C " + dir + " -f c.tar . && split -b 1500000 c.tar zpart. && for p in zpart.*; do zstd -q -c $p >> multi.tar.zst; done");
        assertEquals(expected, unpackDigests(tmp.resolve("multi.tar.zst")));
    }

    @Test
    void plainTar() throws Exception {
        Tools.require("tar");
        Tools.shellOk(tmp, "tar -c -C " + dir + " -f a.tar .");
        assertEquals(expected, unpackDigests(tmp.resolve("a.tar")));
    }

    @Test
    void posixPaxTar() throws Exception {
        Tools.require("tar");
        Tools.shellOk(tmp, "tar --format=pax -c -C " + dir + " -f a.tar .");
        assertEquals(expected, unpackDigests(tmp.resolve("a.tar")));
    }

    @Test
    void ourOwnPackRoundTrips() throws Exception {
        for (Compression compression : Compression.values()) {
            Path archive = tmp.resolve("ours" + compression.extension());
            try (InputStream in = new TarPackStream(directorySource(dir), compression, 4, 2, Instant.now())) {
                Files.copy(in, archive);
            }
            assertEquals(expected, unpackDigests(archive), compression.toString());
        }
    }

    @Test
    void namesAreNormalisedAndDirectoriesSkipped() throws Exception {
        Tools.require("tar", "gzip");
        Tools.shellOk(tmp, "tar -cz -C " + dir + " -f a.tar.gz .");
        try (TarUnpackStream entries = unpack(tmp.resolve("a.tar.gz"), NO_CEILING)) {
            List<String> names = new java.util.ArrayList<>();
            for (UnpackedEntry e = entries.next(); e != null; e = entries.next()) {
                names.add(e.name());
            }
            assertTrue(names.contains("sub/nested.sql") && names.contains("metadata") && names.contains(SampleDump.LONG_NAME), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.startsWith("./") || n.endsWith("/") || n.isEmpty()), names.toString());
        }
    }

    @Test
    void thePreviousEntrysStreamIsInvalidAfterNext() throws Exception {
        Tools.require("tar", "gzip");
        Tools.shellOk(tmp, "tar -cz -C " + dir + " -f a.tar.gz ./wiki_01.text.00000.sql ./metadata");
        try (TarUnpackStream entries = unpack(tmp.resolve("a.tar.gz"), NO_CEILING)) {
            UnpackedEntry first = entries.next();
            assertEquals("wiki_01.text.00000.sql", first.name());
            first.content().readNBytes(1000); // the rest is skipped by next()
            UnpackedEntry second = entries.next();
            assertEquals("metadata", second.name());
            IOException stale = assertThrows(IOException.class, () -> first.content().read());
            assertTrue(stale.getMessage().contains("no longer"), stale.getMessage());
            assertEquals(Files.readString(dir.resolve("metadata")), new String(second.content().readAllBytes(), StandardCharsets.UTF_8));
            assertNull(entries.next());
        }
    }

    // ---- unsafe entries ----

    @Test
    void entriesThatCouldEscapeOrAreNotPlainFilesAreRefused() throws Exception {
        record Bad(String name, byte type, String link, String why) {
        }
        List<Bad> cases = List.of(
                new Bad("../x", TarConstants.LF_NORMAL, null, "climbs out"),
                new Bad("./ok/../../x", TarConstants.LF_NORMAL, null, "climbs out"),
                new Bad("a/..", TarConstants.LF_DIR, null, "climbs out"),
                new Bad("/etc/x", TarConstants.LF_NORMAL, null, "absolute"),
                new Bad("./link", TarConstants.LF_SYMLINK, "/etc/passwd", "symbolic link"),
                new Bad("./hard", TarConstants.LF_LINK, "metadata", "hard link"),
                new Bad("./fifo", TarConstants.LF_FIFO, null, "fifo"),
                new Bad("./tty", TarConstants.LF_CHR, null, "device"),
                new Bad("./disk", TarConstants.LF_BLK, null, "device"),
                new Bad("./sparse", TarConstants.LF_GNUTYPE_SPARSE, null, "type 'S'"));
        for (Bad bad : cases) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                addFile(tar, "./metadata", "fine\n".getBytes());
                TarArchiveEntry entry = new TarArchiveEntry(bad.name(), bad.type(), true);
                if (bad.link() != null) {
                    entry.setLinkName(bad.link());
                }
                if (bad.type() == TarConstants.LF_GNUTYPE_SPARSE) {
                    entry.setSize(0);
                }
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
                addFile(tar, "./after", "never reached\n".getBytes());
            }
            try (TarUnpackStream entries = new TarUnpackStream(new ByteArrayInputStream(bytes.toByteArray()), NAME, NO_CEILING, "k")) {
                UnpackedEntry first = entries.next();
                assertEquals("metadata", first.name(), "entries before the bad one are fine");
                ArchiveException refused = assertThrows(ArchiveException.class, entries::next, bad.name());
                assertEquals(Reason.UNSAFE_ENTRY, refused.reason(), bad.name());
                assertTrue(refused.getMessage().contains(NAME) && refused.getMessage().contains("'" + bad.name() + "'")
                        && refused.getMessage().contains(bad.why()), refused.getMessage());
                assertSame(refused, assertThrows(ArchiveException.class, entries::next), "a refused archive stays refused");
            }
        }
    }

    // ---- the ceiling ----

    @Test
    void aDecompressionBombStopsAtTheCeiling() throws Exception {
        Path bomb = tmp.resolve("bomb.tar.gz");
        long zeros = 50L << 20;
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(bomb)))) {
            addFile(tar, "./metadata", "m\n".getBytes());
            TarArchiveEntry entry = new TarArchiveEntry("./wiki.page.00000.sql");
            entry.setSize(zeros);
            tar.putArchiveEntry(entry);
            byte[] chunk = new byte[1 << 20];
            for (long n = 0; n < zeros; n += chunk.length) {
                tar.write(chunk);
            }
            tar.closeArchiveEntry();
        }
        assertTrue(Files.size(bomb) < 200_000, "50 MB of zeros compress to " + Files.size(bomb));
        long ceiling = 10L << 20;
        long handedOut = 0;
        try (TarUnpackStream entries = unpack(bomb, ceiling)) {
            handedOut += entries.next().content().readAllBytes().length;
            UnpackedEntry big = entries.next();
            assertEquals(zeros, big.size());
            byte[] buffer = new byte[100_000];
            ArchiveException stopped = null;
            try {
                for (int n = big.content().read(buffer); n >= 0; n = big.content().read(buffer)) {
                    handedOut += n;
                }
            } catch (ArchiveException e) {
                stopped = e;
            }
            assertTrue(stopped != null, "the bomb was read to its end");
            assertEquals(Reason.TOO_LARGE, stopped.reason());
            assertEquals("sqlbackup.restore.max-unpacked-size", stopped.configKey());
            assertTrue(stopped.getMessage().contains(NAME) && stopped.getMessage().contains("inside entry wiki.page.00000.sql after "),
                    stopped.getMessage());
            assertTrue(handedOut <= ceiling, "handed out " + handedOut + " bytes past a ceiling of " + ceiling);
            assertTrue(entries.unpackedBytes() <= ceiling, "unpacked " + entries.unpackedBytes());
            assertTrue(handedOut > ceiling - 2 * buffer.length, "stopped early, at " + handedOut);
        }
    }

    @Test
    void anArchiveUnderTheCeilingIsUnaffected() throws Exception {
        Tools.require("tar", "gzip");
        Tools.shellOk(tmp, "tar -cz -C " + dir + " -f a.tar.gz .");
        long tarSize = Long.parseLong(Tools.shellOk(tmp, "gzip -dc a.tar.gz | wc -c").trim());
        try (TarUnpackStream entries = unpack(tmp.resolve("a.tar.gz"), tarSize)) {
            assertEquals(expected, SampleDump.digests(entries));
            assertEquals(tarSize, entries.unpackedBytes());
        }
        try (TarUnpackStream entries = unpack(tmp.resolve("a.tar.gz"), tarSize - 1)) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> SampleDump.digests(entries));
            assertEquals(Reason.TOO_LARGE, e.reason());
        }
    }

    // ---- damage ----

    private static final Pattern INSIDE = Pattern.compile("inside entry (\\S+) after (\\d+) of (\\d+) bytes");

    @Test
    void aTruncatedGzipArchiveNamesTheEntryAndHowFarItGot() throws Exception {
        Tools.require("tar", "gzip");
        Tools.shellOk(tmp, "tar -cz -C " + dir + " -f a.tar.gz .");
        byte[] whole = Files.readAllBytes(tmp.resolve("a.tar.gz"));
        Path cut = Files.write(tmp.resolve("cut.tar.gz"), Arrays.copyOf(whole, whole.length / 2));
        ArchiveException e = readAll(cut);
        assertEquals(Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().startsWith(NAME + " is truncated: it ends inside entry "), e.getMessage());
        var m = INSIDE.matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        long read = Long.parseLong(m.group(2));
        long size = Long.parseLong(m.group(3));
        assertTrue(read < size, e.getMessage());
        assertEquals(Files.size(dir.resolve(m.group(1))), size, e.getMessage());
    }

    @Test
    void truncationsEverywhereAreReportedNeverSilent() throws Exception {
        Tools.require("tar", "gzip", "zstd");
        Tools.shellOk(tmp, "tar -cz -C " + dir + " -f a.tar.gz . && tar -c --zstd -C " + dir + " -f a.tar.zst . && tar -c -C " + dir + " -f a.tar .");
        for (String name : List.of("a.tar.gz", "a.tar.zst", "a.tar")) {
            byte[] whole = Files.readAllBytes(tmp.resolve(name));
            // A plain tar ends in zero padding whose loss harms nothing (tar ignores it too), and
            // its first bytes only say "tar" from byte 262 on: cut it where data is.
            int[] cuts = name.equals("a.tar") ? new int[] {300, whole.length / 3, whole.length / 2}
                    : new int[] {5, 300, whole.length / 3, whole.length - 600, whole.length - 1};
            for (int length : cuts) {
                Path cut = Files.write(tmp.resolve("cut-" + name), Arrays.copyOf(whole, length));
                ArchiveException e = readAll(cut);
                assertEquals(Reason.TRUNCATED, e.reason(), name + " cut at " + length + ": " + e.getMessage());
                assertTrue(e.getMessage().startsWith(NAME + " is truncated: it ends "), e.getMessage());
            }
        }
        // Cut before anything could be read, and cut exactly after a whole entry of a plain tar.
        Path tiny = Files.write(tmp.resolve("tiny.tar.gz"), Arrays.copyOf(Files.readAllBytes(tmp.resolve("a.tar.gz")), 30));
        assertTrue(readAll(tiny).getMessage().contains("before the first entry"), readAll(tiny).getMessage());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);
        addFile(tar, "./metadata", "m\n".getBytes());
        tar.flush(); // no end-of-archive marker
        Path noEnd = Files.write(tmp.resolve("noend.tar"), bytes.toByteArray());
        ArchiveException e = readAll(noEnd);
        assertEquals(Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().contains("it ends after entry metadata"), e.getMessage());
    }

    @Test
    void anEntryBeyondEightGigabytesIsSizedFromItsBase256Header() throws Exception {
        TarArchiveEntry entry = new TarArchiveEntry("./wiki.text.00000.sql");
        long size = 10_000_000_000L;
        entry.setSize(size);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8), true);
        assertTrue((header[124] & 0x80) != 0, "base-256 size field");
        byte[] archive = Arrays.copyOf(header, 512 + 12345);
        ArchiveException e = assertThrows(ArchiveException.class, () -> {
            try (TarUnpackStream entries = new TarUnpackStream(new ByteArrayInputStream(archive), NAME, NO_CEILING, "k")) {
                UnpackedEntry big = entries.next();
                assertEquals(size, big.size());
                big.content().transferTo(OutputStream.nullOutputStream());
            }
        });
        assertEquals(NAME + " is truncated: it ends inside entry wiki.text.00000.sql after 12345 of 10000000000 bytes."
                + " The upload or download was cut short: use an intact copy.", e.getMessage());
    }

    @Test
    void corruptedBytesAreAlwaysReported() throws Exception {
        Tools.require("tar", "gzip", "zstd");
        Tools.shellOk(tmp, "tar -cz -C " + dir + " -f a.tar.gz . && tar -c --zstd -C " + dir + " -f a.tar.zst .");
        for (String name : List.of("a.tar.gz", "a.tar.zst")) {
            byte[] whole = Files.readAllBytes(tmp.resolve(name));
            for (int i = 1; i <= 12; i++) {
                byte[] damaged = whole.clone();
                int at = 20 + (int) ((long) (whole.length - 40) * i / 13);
                damaged[at] ^= 0x41;
                ArchiveException e = readAll(Files.write(tmp.resolve("bad-" + name), damaged));
                assertTrue(e.reason() == Reason.DAMAGED || e.reason() == Reason.TRUNCATED, e.getMessage());
                assertTrue(e.getMessage().startsWith(NAME + " is "), e.getMessage());
                assertTrue(e.getMessage().contains("inside entry ") || e.getMessage().contains("after entry ")
                        || e.getMessage().contains("after the last entry") || e.getMessage().contains("before the first entry"),
                        e.getMessage());
            }
        }
    }

    @Test
    void corruptionInsideAnEntryIsPlaced() throws Exception {
        // A stored (level 0) deflate keeps the tar bytes in place, so one flipped byte lands in a known entry;
        // the data reads on and the CRC-32 at the end catches it, or a header checksum does.
        Tools.require("tar", "gzip");
        Tools.shellOk(tmp, "tar -c -C " + dir + " -f a.tar ./metadata ./wiki_01.page.00000.sql");
        byte[] tar = Files.readAllBytes(tmp.resolve("a.tar"));
        int second = 512 + (int) Math.ceil(Files.size(dir.resolve("metadata")) / 512.0) * 512;
        byte[] header = tar.clone();
        header[second + 3] ^= 1; // a letter of the second entry's name
        ArchiveException e = readAll(Files.write(tmp.resolve("badheader.tar"), header));
        assertEquals(Reason.DAMAGED, e.reason());
        assertTrue(e.getMessage().startsWith(NAME + " is damaged (a tar header's checksum does not match"), e.getMessage());
        assertTrue(e.getMessage().contains("after entry metadata"), e.getMessage());

        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(stored) {
            {
                def.setLevel(0);
            }
        }) {
            gz.write(tar);
        }
        byte[] gz = stored.toByteArray();
        // Find the flipped position in the stored stream and flip it there.
        int at = indexOf(gz, Arrays.copyOfRange(tar, second + 512 + 990, second + 512 + 1010)) + 10;
        gz[at] ^= 1;
        ArchiveException crc = readAll(Files.write(tmp.resolve("badcrc.tar.gz"), gz));
        assertEquals(Reason.DAMAGED, crc.reason());
        assertTrue(crc.getMessage().contains("crc32") || crc.getMessage().contains("CRC32"), crc.getMessage());
        assertTrue(crc.getMessage().contains("after the last entry, wiki_01.page.00000.sql"), crc.getMessage());
    }

    @Test
    void aBadGzipTrailerOrTrailingGarbageIsAnError() throws Exception {
        Tools.require("tar", "gzip");
        Tools.shellOk(tmp, "tar -cz -C " + dir + " -f a.tar.gz .");
        byte[] whole = Files.readAllBytes(tmp.resolve("a.tar.gz"));
        byte[] crc = whole.clone();
        crc[whole.length - 8] ^= 1;
        assertTrue(readAll(Files.write(tmp.resolve("crc.tar.gz"), crc)).getMessage().contains("CRC32"));
        byte[] size = whole.clone();
        size[whole.length - 4] ^= 1;
        assertTrue(readAll(Files.write(tmp.resolve("size.tar.gz"), size)).getMessage().contains("size"));
        byte[] garbage = Arrays.copyOf(whole, whole.length + 3);
        garbage[whole.length] = 'x';
        ArchiveException e = readAll(Files.write(tmp.resolve("garbage.tar.gz"), garbage));
        assertEquals(Reason.DAMAGED, e.reason());
    }

    @Test
    void somethingElseIsNotAnArchive() throws Exception {
        byte[] random = new byte[4096];
        new java.util.Random(5).nextBytes(random);
        random[0] = 'S';
        ArchiveException e = readAll(Files.write(tmp.resolve("random"), random));
        assertEquals(Reason.NOT_AN_ARCHIVE, e.reason());
        assertTrue(e.getMessage().contains("key is probably wrong"), e.getMessage());
        ArchiveException empty = readAll(Files.write(tmp.resolve("empty"), new byte[0]));
        assertEquals(Reason.TRUNCATED, empty.reason());
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
    }

    @Test
    void aFailingSourcePassesThroughUnchanged() throws Exception {
        Tools.require("tar", "gzip");
        Tools.shellOk(tmp, "tar -cz -C " + dir + " -f a.tar.gz .");
        byte[] whole = Files.readAllBytes(tmp.resolve("a.tar.gz"));
        IOException reset = new IOException("connection reset by the bucket");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(whole)) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > whole.length / 2) {
                    throw reset;
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
        try (TarUnpackStream entries = new TarUnpackStream(failing, NAME, NO_CEILING, "k")) {
            IOException e = assertThrows(IOException.class, () -> SampleDump.digests(entries));
            assertSame(reset, e);
        }
    }

    @Test
    void closeClosesTheSource() throws Exception {
        boolean[] closed = new boolean[1];
        InputStream source = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new TarUnpackStream(source, null, NO_CEILING, "k").close();
        assertTrue(closed[0]);
    }

    private static ArchiveException readAll(Path archive) throws IOException {
        try (TarUnpackStream entries = unpack(archive, NO_CEILING)) {
            return assertThrows(ArchiveException.class, () -> SampleDump.digests(entries));
        }
    }

    private static void addFile(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** The files of a directory as dump entries, in name order, as the pack stage gets them. */
    static EntrySource directorySource(Path dir) throws IOException {
        return new PackBenchmark.DirectoryEntries(dir, new TreeMap<>(SampleDump.digests(dir)).keySet().stream().map(dir::resolve).toList());
    }
}

package io.sqlbackup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Deterministic dump-shaped test data: INSERT statements with wiki-like text, and a directory of such files. */
final class SampleDump {

    static final String LONG_NAME = "wiki_with_a_really_long_database_name_0001.some_extension_table_with_a_long_name_too_0001.00000.sql";
    private static final String[] WORDS = ("the of and in to a is was for on as by with from at that his which an are were it be"
            + " this had first also after city new two its one their has been other when have all more into during"
            + " history station river school university population county village district album season film team"
            + " category infobox reference wikipedia external links see also notes career early life born died").split(" ");

    private SampleDump() {
    }

    /** About {@code bytes} of mydumper-style INSERT text. */
    static byte[] sql(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder(bytes + 1024);
        int row = 1;
        b.append("/*!40101 SET NAMES binary*/;\n/*!40014 SET FOREIGN_KEY_CHECKS=0*/;\n");
        while (b.length() < bytes) {
            b.append(row % 200 == 1 ? "INSERT INTO `text` VALUES(" : ",\n(").append(row).append(",'== ");
            int words = 20 + random.nextInt(200);
            for (int i = 0; i < words; i++) {
                // Skewed choice, as in natural text: a few words are very common.
                int w = (int) (WORDS.length * Math.pow(random.nextDouble(), 2.5));
                b.append(WORDS[w]);
                b.append(i % 17 == 5 ? " [[" + WORDS[random.nextInt(WORDS.length)] + "]] " : " ");
            }
            b.append("','utf-8,gzip',").append(random.nextInt(1_000_000)).append(')');
            if (row % 200 == 0) {
                b.append(";\n");
            }
            row++;
        }
        b.append(";\n");
        return b.substring(0, Math.max(bytes, 0)).getBytes(StandardCharsets.UTF_8);
    }

    /** A dump directory with the awkward cases: a long name, an empty file, binary data, a non-ASCII name, a subdirectory. */
    static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("metadata"), "Started dump at: 2026-01-02 03:04:05\nSHOW MASTER STATUS:\n\tLog: mysql-bin.000003\n\tPos: 1234\n\n");
        Files.writeString(dir.resolve("wiki_01-schema-create.sql"), "CREATE DATABASE `wiki_01`;\n");
        Files.write(dir.resolve("wiki_01.text.00000.sql"), sql(5_000_000, 1));
        Files.write(dir.resolve("wiki_01.page.00000.sql"), sql(700_000, 2));
        Files.write(dir.resolve(LONG_NAME), sql(1000, 3));
        Files.write(dir.resolve("wiki_01.empty.sql"), new byte[0]);
        byte[] binary = new byte[300_000];
        new Random(4).nextBytes(binary);
        Files.write(dir.resolve("wiki_01.blob.00000.sql"), binary);
        Files.writeString(dir.resolve("wiki_ü.page-schema.sql"), "CREATE TABLE `page` (id int);\n");
        Files.writeString(dir.resolve("sub/nested.sql"), "SELECT 1;\n");
        return dir;
    }

    /** SHA-256 of every regular file under {@code dir}, by relative name. */
    static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    digests.put(dir.relativize(f).toString(), digest(in));
                }
            }
        }
        return digests;
    }

    /** Reads every entry to its end; returns SHA-256 by name, and checks each entry's length against its size. */
    static Map<String, String> digests(UnpackedEntries entries) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        for (UnpackedEntry e = entries.next(); e != null; e = entries.next()) {
            CountingDigest d = new CountingDigest(e.content());
            String hex = d.hex();
            if (d.count != e.size()) {
                throw new AssertionError(e.name() + ": read " + d.count + " bytes, header says " + e.size());
            }
            if (digests.put(e.name(), hex) != null) {
                throw new AssertionError("entry twice: " + e.name());
            }
        }
        return digests;
    }

    static String digest(InputStream in) throws IOException {
        return new CountingDigest(in).hex();
    }

    private static final class CountingDigest {
        long count;
        private final byte[] hash;

        CountingDigest(InputStream in) throws IOException {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            byte[] buffer = new byte[37_000]; // an odd size, so reads do not line up with blocks
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                md.update(buffer, 0, n);
                count += n;
            }
            hash = md.digest();
        }

        String hex() {
            return HexFormat.of().formatHex(hash);
        }
    }
}

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a directory shaped like what mydumper 0.10 dumps from a MediaWiki farm, for the
 * compression benchmarks: {@code metadata}, per wiki {@code DB-schema-create.sql},
 * {@code DB.TABLE-schema.sql} and {@code DB.TABLE.NNNNN.sql} data files of multi-row INSERTs, cut
 * at 16 MB as sqlbackup's dump cuts them. Most of the bytes are the {@code text} table's
 * wikitext: sections, templates, links, references and categories over a Zipf-distributed
 * vocabulary, which compresses like real article text (gzip about 3-4x) rather than like
 * repeated filler. Deterministic: the same size gives the same bytes.
 *
 * <p>Run: {@code java bench/WikiDumpGenerator.java OUTPUT_DIR SIZE_MB}
 */
public class WikiDumpGenerator {

    private static final int CHUNK = 16 << 20;
    private static final int STATEMENT = 1 << 20;
    private static final String HEADER = "/*!40101 SET NAMES binary*/;\n/*!40014 SET FOREIGN_KEY_CHECKS=0*/;\n\n"
            + "/*!40103 SET TIME_ZONE='+00:00' */;\n";

    private final Random random = new Random(20261124);
    private final String[] words;
    private final double[] cumulative;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java bench/WikiDumpGenerator.java OUTPUT_DIR SIZE_MB");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long target = Long.parseLong(args[1]) << 20;
        Files.createDirectories(out);
        try (var existing = Files.list(out)) {
            if (existing.findAny().isPresent()) {
                System.err.println(out + " is not empty");
                System.exit(2);
            }
        }
        new WikiDumpGenerator().write(out, target);
    }

    WikiDumpGenerator() {
        String[] syllables = ("ka ri to na me so lu be da ve mo ti ar en is on el an st re ch th qu or ul in ex al ter pro con"
                + " der ment tion ism ian ford burg ville ton ia ica ous ble ing ed er ly").split(" ");
        words = new String[12000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            int n = 1 + (i < 200 ? random.nextInt(2) : 1 + random.nextInt(3));
            for (int s = 0; s < n; s++) {
                w.append(syllables[random.nextInt(syllables.length)]);
            }
            words[i] = w.toString();
        }
        // Zipf (s = 1.07): the 100 commonest words make about half of running text, as in English.
        cumulative = new double[words.length];
        double sum = 0;
        for (int i = 0; i < words.length; i++) {
            sum += 1 / Math.pow(i + 1, 1.07);
            cumulative[i] = sum;
        }
        for (int i = 0; i < words.length; i++) {
            cumulative[i] /= sum;
        }
    }

    private String word() {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return words[lo];
    }

    private String title() {
        String t = word() + "_" + word();
        return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    void write(Path out, long target) throws IOException {
        Files.writeString(out.resolve("metadata"), "Started dump at: 2026-11-24 02:00:00\nSHOW MASTER STATUS:\n"
                + "\tLog: mysql-bin.000042\n\tPos: 73516\n\tGTID:0-1-1234\n\nSHOW SLAVE STATUS:\n\tHost: 10.0.0.1\n"
                + "\tLog: mysql-bin.000042\n\tPos: 73516\n\tGTID:0-1-1234\n\nFinished dump at: 2026-11-24 02:10:00\n");
        int wikis = (int) Math.max(1, Math.min(20, target / (50L << 20)));
        long perWiki = target / wikis;
        long written = 0;
        for (int w = 1; w <= wikis; w++) {
            String db = String.format("wiki_%02d", w);
            Files.writeString(out.resolve(db + "-schema-create.sql"), "CREATE DATABASE `" + db + "` /*!40100 DEFAULT CHARACTER SET binary */;\n");
            long pages = Math.max(10, perWiki / 9000);
            written += table(out, db, "page", "`page_id` int(10) unsigned NOT NULL AUTO_INCREMENT, `page_namespace` int(11) NOT NULL,"
                    + " `page_title` varbinary(255) NOT NULL, `page_is_redirect` tinyint(3) unsigned NOT NULL DEFAULT 0,"
                    + " `page_touched` binary(14) NOT NULL, `page_latest` int(10) unsigned NOT NULL, `page_len` int(10) unsigned NOT NULL",
                    pages, i -> "(" + i + "," + (i % 7 == 0 ? 14 : 0) + ",'" + title() + "'," + (i % 11 == 0 ? 1 : 0) + ",'"
                            + timestamp(i) + "'," + (i * 3) + "," + (200 + random.nextInt(40000)) + ")");
            long revisions = pages * 3;
            written += table(out, db, "revision", "`rev_id` int(10) unsigned NOT NULL AUTO_INCREMENT, `rev_page` int(10) unsigned NOT NULL,"
                    + " `rev_comment_id` bigint(20) unsigned NOT NULL, `rev_actor` bigint(20) unsigned NOT NULL,"
                    + " `rev_timestamp` binary(14) NOT NULL, `rev_minor_edit` tinyint(3) unsigned NOT NULL DEFAULT 0,"
                    + " `rev_len` int(10) unsigned DEFAULT NULL, `rev_parent_id` int(10) unsigned DEFAULT NULL, `rev_sha1` varbinary(32) NOT NULL",
                    revisions, i -> "(" + i + "," + (1 + (i - 1) / 3) + "," + i + "," + (1 + random.nextInt(5000)) + ",'" + timestamp(i * 7)
                            + "'," + random.nextInt(2) + "," + random.nextInt(60000) + "," + (i % 3 == 1 ? "NULL" : String.valueOf(i - 1))
                            + ",'" + sha1Base36() + "')");
            written += table(out, db, "comment", "`comment_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT, `comment_hash` int(11) NOT NULL,"
                    + " `comment_text` blob NOT NULL, `comment_data` blob DEFAULT NULL",
                    revisions, i -> "(" + i + "," + random.nextInt() + ",'" + summary() + "',NULL)");
            written += table(out, db, "categorylinks", "`cl_from` int(10) unsigned NOT NULL DEFAULT 0, `cl_to` varbinary(255) NOT NULL DEFAULT '',"
                    + " `cl_sortkey` varbinary(230) NOT NULL DEFAULT '', `cl_timestamp` timestamp NOT NULL DEFAULT current_timestamp(),"
                    + " `cl_type` enum('page','subcat','file') NOT NULL DEFAULT 'page'",
                    pages * 2, i -> "(" + (1 + i / 2) + ",'" + title() + "','" + title().toUpperCase() + "','2021-06-01 12:00:00','page')");
            long budget = Math.max(0, perWiki - (written - (w - 1) * perWiki));
            written += textTable(out, db, revisions, budget);
            System.err.printf("%s: %d MB so far%n", db, written >> 20);
        }
    }

    private interface Row {
        String make(long i);
    }

    private long table(Path out, String db, String table, String columns, long rows, Row row) throws IOException {
        Files.writeString(out.resolve(db + "." + table + "-schema.sql"), "/*!40101 SET NAMES binary*/;\n\n"
                + "CREATE TABLE `" + table + "` (\n  " + columns.replace(", `", ",\n  `") + "\n) ENGINE=InnoDB DEFAULT CHARSET=binary;\n");
        try (DataFiles files = new DataFiles(out, db, table)) {
            for (long i = 1; i <= rows; i++) {
                files.row(row.make(i));
            }
            return files.total;
        }
    }

    private long textTable(Path out, String db, long revisions, long budget) throws IOException {
        Files.writeString(out.resolve(db + ".text-schema.sql"), "/*!40101 SET NAMES binary*/;\n\nCREATE TABLE `text` (\n"
                + "  `old_id` int(10) unsigned NOT NULL AUTO_INCREMENT,\n  `old_text` mediumblob NOT NULL,\n"
                + "  `old_flags` tinyblob NOT NULL,\n  PRIMARY KEY (`old_id`)\n) ENGINE=InnoDB DEFAULT CHARSET=binary;\n");
        try (DataFiles files = new DataFiles(out, db, "text")) {
            for (long i = 1; files.total < budget; i++) {
                files.row("(" + i + ",'" + article() + "','utf-8')");
            }
            return files.total;
        }
    }

    /** A wikitext article, escaped for a single-quoted SQL string as mydumper writes it. */
    private String article() {
        StringBuilder b = new StringBuilder(8192);
        b.append("{{Infobox ").append(word()).append("\\n| name = ").append(title().replace('_', ' '))
                .append("\\n| image = ").append(title()).append(".jpg\\n| established = ").append(1700 + random.nextInt(320))
                .append("\\n| population = ").append(random.nextInt(5_000_000)).append("\\n}}\\n");
        int sections = 2 + random.nextInt(7);
        for (int s = 0; s < sections; s++) {
            if (s > 0) {
                b.append("\\n== ").append(capitalised(word())).append(' ').append(word()).append(" ==\\n");
            }
            int sentences = 3 + random.nextInt(14);
            for (int n = 0; n < sentences; n++) {
                int length = 6 + random.nextInt(22);
                for (int k = 0; k < length; k++) {
                    String w = word();
                    if (k == 0) {
                        w = capitalised(w);
                    }
                    int r = random.nextInt(100);
                    if (r < 6) {
                        b.append("[[").append(title().replace('_', ' ')).append('|').append(w).append("]]");
                    } else if (r < 8) {
                        b.append("\\'\\'\\'").append(w).append("\\'\\'\\'");
                    } else if (r < 9) {
                        b.append(random.nextInt(2100));
                    } else {
                        b.append(w);
                    }
                    b.append(k == length - 1 ? "" : r == 50 ? ", " : " ");
                }
                b.append('.');
                if (random.nextInt(6) == 0) {
                    b.append("<ref>{{cite web |url=https://www.").append(word()).append(".org/").append(word()).append('/')
                            .append(random.nextInt(100000)).append(" |title=").append(capitalised(word())).append(' ').append(word())
                            .append(" |access-date=20").append(10 + random.nextInt(16)).append("-0").append(1 + random.nextInt(9))
                            .append("-1").append(random.nextInt(10)).append("}}</ref>");
                }
                b.append(' ');
            }
            b.append("\\n");
        }
        b.append("\\n== References ==\\n{{Reflist}}\\n");
        int categories = 1 + random.nextInt(5);
        for (int c = 0; c < categories; c++) {
            b.append("\\n[[Category:").append(capitalised(word())).append(' ').append(word()).append("]]");
        }
        return b.toString();
    }

    private String summary() {
        int r = random.nextInt(10);
        if (r < 3) {
            return "";
        }
        if (r < 5) {
            return "/* " + capitalised(word()) + " */ " + word() + " " + word();
        }
        return capitalised(word()) + " " + word() + " " + word() + (r == 9 ? " ([[WP:" + word().toUpperCase() + "]])" : "");
    }

    private String sha1Base36() {
        StringBuilder b = new StringBuilder(31);
        for (int i = 0; i < 31; i++) {
            b.append(Character.forDigit(random.nextInt(36), 36));
        }
        return b.toString();
    }

    private static String timestamp(long i) {
        long minutes = 26_000_000L + i;
        return String.format("20%02d%02d%02d%02d%02d%02d", 10 + minutes / 525_600 % 16, 1 + minutes / 43_800 % 12,
                1 + minutes / 1440 % 28, minutes / 60 % 24, minutes % 60, i % 60);
    }

    private static String capitalised(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    /** The data files of one table: INSERTs of about 1 MB, a new file every 16 MB, numbered as mydumper numbers them. */
    private static final class DataFiles implements AutoCloseable {
        private final Path dir;
        private final String prefix;
        private final List<Path> written = new ArrayList<>();
        private OutputStream out;
        private long fileBytes;
        private long statementBytes;
        long total;

        DataFiles(Path dir, String db, String table) {
            this.dir = dir;
            this.prefix = db + "." + table + ".";
        }

        void row(String values) throws IOException {
            if (out == null || fileBytes >= CHUNK) {
                endFile();
                Path file = dir.resolve(String.format("%s%05d.sql", prefix, written.size()));
                written.add(file);
                out = Files.newOutputStream(file);
                emit(HEADER);
                statementBytes = -1;
            }
            if (statementBytes < 0 || statementBytes >= STATEMENT) {
                if (statementBytes >= 0) {
                    emit(";\n");
                }
                String table = prefix.substring(prefix.indexOf('.') + 1, prefix.length() - 1);
                emit("INSERT INTO `" + table + "` VALUES\n");
                statementBytes = 0;
            } else {
                emit(",\n");
            }
            statementBytes += emit(values);
        }

        private int emit(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(b);
            fileBytes += b.length;
            total += b.length;
            return b.length;
        }

        private void endFile() throws IOException {
            if (out != null) {
                emit(";\n");
                out.close();
                out = null;
                fileBytes = 0;
            }
        }

        @Override
        public void close() throws IOException {
            endFile();
        }
    }
}

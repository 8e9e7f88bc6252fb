import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

/**
 * Rows for {@code LOAD DATA} (tab-separated, backslash escapes, one row a line) that
 * bench/load-wikifarm.sh pipes into MariaDB to build the wiki farm:
 *
 * <ul>
 * <li>{@code vocabulary}: {@code id, word} for 12,000 distinct made-up words; the server builds
 * titles, user names and edit summaries from them.</li>
 * <li>{@code picks}: {@code slot, word_id} for 100,000 slots filled in proportion to a Zipf law
 * (s = 1.07), so that picking a slot uniformly picks words as often as running English text
 * uses them.</li>
 * <li>{@code text SEED ROWS}: {@code old_id, old_text, old_flags} for a {@code text} table:
 * wikitext articles (infobox, sections, links, bold, references with {@code {{cite web}}},
 * some {@code <math>} with backslashes, interlanguage links with 4-byte UTF-8, categories)
 * over the same Zipf vocabulary. It compresses like article text (gzip about 3x), not like
 * repeated filler. Deterministic: the same seed and count give the same bytes.</li>
 * </ul>
 *
 * <p>Run: {@code java bench/WikiTextRows.java vocabulary|picks|text SEED ROWS}, or compile it once
 * with javac (the loader does) to save the source launcher's start-up on every wiki.
 */
public class WikiTextRows {

    static final int VOCABULARY = 12_000;
    static final int PICK_SLOTS = 100_000;
    private static final String[] SYLLABLES = ("ka ri to na me so lu be da ve mo ti ar en is on el an st re ch th qu or ul in ex al"
            + " ter pro con der ment tion ism ian ford burg ville ton ia ica ous ble ing ed er ly").split(" ");
    /** Interlanguage links: scripts outside the Basic Multilingual Plane are 4 bytes a character in UTF-8. */
    private static final String[] INTERLANGUAGE = {
        "[[got:\uD800\uDF30\uD800\uDF39\uD800\uDF42\uD800\uDF3F\uD800\uDF30]]",
        "[[zh-classical:\uD840\uDC0B\uD840\uDC89\uD841\uDE3A]]",
        "[[de:%s]]", "[[fr:%s]]", "[[ja:\u30A6\u30A3\u30AD\u30DA\u30C7\u30A3\u30A2 %s]]",
        "[[en-emoji:\uD83C\uDF0D \uD83D\uDCDA %s]]",
    };

    private final String[] words;
    private final double[] cumulative;
    private Random random;

    public static void main(String[] args) throws IOException {
        WikiTextRows rows = new WikiTextRows();
        try (OutputStream out = new BufferedOutputStream(new PrintStream(System.out, false), 1 << 20)) {
            if (args.length == 1 && args[0].equals("vocabulary")) {
                rows.vocabulary(out);
            } else if (args.length == 1 && args[0].equals("picks")) {
                rows.picks(out);
            } else if (args.length == 3 && args[0].equals("text")) {
                rows.text(out, Long.parseLong(args[1]), Long.parseLong(args[2]));
            } else {
                System.err.println("usage: java bench/WikiTextRows.java vocabulary | picks | text SEED ROWS");
                System.exit(2);
            }
        }
    }

    WikiTextRows() {
        Random vocabularyRandom = new Random(20261124);
        Set<String> distinct = new LinkedHashSet<>();
        while (distinct.size() < VOCABULARY) {
            // Short words first, as the commonest words of a language are short.
            int n = 1 + (distinct.size() < 200 ? vocabularyRandom.nextInt(2) : 1 + vocabularyRandom.nextInt(3));
            StringBuilder w = new StringBuilder();
            for (int s = 0; s < n; s++) {
                w.append(SYLLABLES[vocabularyRandom.nextInt(SYLLABLES.length)]);
            }
            distinct.add(w.toString());
        }
        words = distinct.toArray(new String[0]);
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

    private void vocabulary(OutputStream out) throws IOException {
        for (int i = 0; i < words.length; i++) {
            write(out, i + "\t" + words[i] + "\n");
        }
    }

    private void picks(OutputStream out) throws IOException {
        for (int slot = 0; slot < PICK_SLOTS; slot++) {
            write(out, slot + "\t" + rank((slot + 0.5) / PICK_SLOTS) + "\n");
        }
    }

    private void text(OutputStream out, long seed, long rows) throws IOException {
        random = new Random(seed);
        StringBuilder line = new StringBuilder(16384);
        for (long id = 1; id <= rows; id++) {
            line.setLength(0);
            line.append(id).append('\t');
            escape(article(), line);
            line.append(random.nextInt(50) == 0 ? "\tutf-8,gzip-legacy\n" : "\tutf-8\n");
            write(out, line.toString());
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** LOAD DATA's default escapes: backslash, newline and tab are written as \\, \n and \t. */
    private static void escape(String s, StringBuilder to) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> to.append("\\\\");
                case '\n' -> to.append("\\n");
                case '\t' -> to.append("\\t");
                default -> to.append(c);
            }
        }
    }

    private int rank(double u) {
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
        return lo;
    }

    private String word() {
        return words[rank(random.nextDouble())];
    }

    private String title() {
        return capitalised(word()) + " " + word();
    }

    private String article() {
        StringBuilder b = new StringBuilder(8192);
        b.append("{{Infobox ").append(word()).append("\n| name = ").append(title())
                .append("\n| image = ").append(title().replace(' ', '_')).append(".jpg\n| established = ").append(1700 + random.nextInt(320))
                .append("\n| population = ").append(random.nextInt(5_000_000)).append("\n}}\n");
        // Many short articles and a few long ones, as on a farm of small wikis: about 2.5 KB on average.
        int sections = random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(5);
        for (int s = 0; s < sections; s++) {
            if (s > 0) {
                b.append("\n== ").append(capitalised(word())).append(' ').append(word()).append(" ==\n");
            }
            int sentences = 2 + random.nextInt(9);
            for (int n = 0; n < sentences; n++) {
                sentence(b);
            }
            b.append('\n');
        }
        b.append("\n== References ==\n{{Reflist}}\n");
        int categories = 1 + random.nextInt(5);
        for (int c = 0; c < categories; c++) {
            b.append("\n[[Category:").append(capitalised(word())).append(' ').append(word()).append("]]");
        }
        if (random.nextInt(4) == 0) {
            String link = INTERLANGUAGE[random.nextInt(INTERLANGUAGE.length)];
            b.append('\n').append(link.contains("%s") ? String.format(link, title()) : link);
        }
        return b.toString();
    }

    private void sentence(StringBuilder b) {
        int length = 6 + random.nextInt(22);
        for (int k = 0; k < length; k++) {
            String w = word();
            if (k == 0) {
                w = capitalised(w);
            }
            int r = random.nextInt(100);
            if (r < 6) {
                b.append("[[").append(title()).append('|').append(w).append("]]");
            } else if (r < 8) {
                b.append("'''").append(w).append("'''");
            } else if (r < 9) {
                b.append(random.nextInt(2100));
            } else if (r == 9 && random.nextInt(20) == 0) {
                b.append("<math>\\frac{").append(w).append("}{").append(1 + random.nextInt(9)).append("} \\cdot \\sqrt{x}</math>");
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

    private static String capitalised(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}

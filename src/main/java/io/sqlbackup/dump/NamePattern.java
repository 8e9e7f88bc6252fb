package io.sqlbackup.dump;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A database or table filter as operators write them: {@code wiki_*}, {@code enwiki},
 * {@code *.objectcache}. {@code *} matches any run of characters and {@code ?} one character; a
 * pattern with a dot matches {@code DATABASE.TABLE}, one without matches the database name.
 */
public final class NamePattern {

    private final String text;
    private final Pattern database;
    private final Pattern table;

    private NamePattern(String text, Pattern database, Pattern table) {
        this.text = text;
        this.database = database;
        this.table = table;
    }

    private NamePattern(String text) {
        this.text = text;
        int dot = text.indexOf('.');
        this.database = glob(dot < 0 ? text : text.substring(0, dot));
        this.table = dot < 0 ? null : glob(text.substring(dot + 1));
    }

    public static NamePattern of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty name pattern");
        }
        return new NamePattern(text.trim());
    }

    /** Exactly this database, whatever characters its name holds (dots and stars included). */
    public static NamePattern literal(String database) {
        return new NamePattern(database, Pattern.compile(Pattern.quote(database)), null);
    }

    public static List<NamePattern> list(List<String> texts) {
        return texts.stream().map(NamePattern::of).toList();
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** True for a whole-database pattern that matches {@code db}. */
    public boolean matchesDatabase(String db) {
        return table == null && database.matcher(db).matches();
    }

    /** True when the database part of the pattern matches {@code db}, whatever its table part. */
    public boolean mayMatchIn(String db) {
        return database.matcher(db).matches();
    }

    /** True when the pattern matches the table, or the whole database it is in. */
    public boolean matchesTable(String db, String tableName) {
        return database.matcher(db).matches() && (table == null || table.matcher(tableName).matches());
    }

    /** Whether a pattern names a single database literally (no wildcards, no table part). */
    public boolean isLiteralDatabase() {
        return table == null && text.indexOf('*') < 0 && text.indexOf('?') < 0;
    }

    @Override
    public String toString() {
        return text;
    }
}

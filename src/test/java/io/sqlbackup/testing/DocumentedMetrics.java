package io.sqlbackup.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the README's Metrics table promises operators (and their alerts): the one list
 * the served metrics and the PrometheusRule are both checked against, so a renamed meter or a
 * stale row fails a test instead of an alert silently reading nothing.
 */
public final class DocumentedMetrics {

    private static final Pattern NAME = Pattern.compile("`(sqlbackup_[a-z0-9_]+)");

    private DocumentedMetrics() {
    }

    public static Set<String> names() {
        String readme;
        try {
            readme = Files.readString(Path.of("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException("the README (run the tests from the project directory)", e);
        }
        int start = readme.indexOf("\n### Metrics\n");
        if (start < 0) {
            throw new IllegalStateException("README.md has no '### Metrics' section");
        }
        int end = readme.indexOf("\n#", start + 1);
        Set<String> names = new TreeSet<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (line.startsWith("| `")) {
                Matcher m = NAME.matcher(line.substring(0, line.indexOf(" |", 2)));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("README.md's Metrics section lists no sqlbackup_ metric");
        }
        return names;
    }

    /** The sqlbackup_ series names in a Prometheus text scrape (labels and values left off). */
    public static Set<String> served(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("sqlbackup_")) {
                int end = line.indexOf('{');
                names.add(line.substring(0, end < 0 ? line.indexOf(' ') : end));
            }
        }
        return names;
    }
}

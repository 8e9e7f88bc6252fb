package io.sqlbackup.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The servers this service backs up. {@code sqlbackup.source.*} with {@code sqlbackup.schedule} and
 * {@code sqlbackup.bucket} is the one-source shorthand (named {@code default}); once any
 * {@code sqlbackup.sources.NAME.url} is set, the named sources are the ones backed up, each with
 * its own login, schedule ({@code .schedule}, else {@code sqlbackup.schedule}) and bucket
 * ({@code .bucket}, else {@code <sqlbackup.bucket>/NAME}, so sources never share a prefix by accident).
 */
public final class BackupSources {

    static final String PREFIX = "sqlbackup.sources.";
    /** What a named source takes after {@code sqlbackup.sources.NAME.}: its login, schedule and bucket. */
    static final java.util.SortedSet<String> SETTINGS = new TreeSet<>(java.util.Set.of("url", "user", "password", "schedule", "bucket"));
    private static final String BUCKET = "sqlbackup.bucket";
    /** Lower-case letters, digits and '-': the name goes into a Lease name, a metric label and a path. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");

    private final Map<String, BackupSource> byName;

    private BackupSources(Map<String, BackupSource> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Whether a key is one of a named source's settings ({@code sqlbackup.sources.NAME.url} ...). */
    static boolean isSourceSetting(String key) {
        if (!key.startsWith(PREFIX)) {
            return false;
        }
        String rest = key.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        return dot > 0 && SETTINGS.contains(rest.substring(dot + 1));
    }

    public static BackupSources fromSettings(Settings settings) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : settings.keys()) {
            if (key.startsWith(PREFIX)) {
                String rest = key.substring(PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot <= 0) {
                    throw new ConfigurationException(key + " is not a source setting: write sqlbackup.sources.NAME.url"
                            + " (and .user, .password, .schedule, .bucket)", key);
                }
                names.add(rest.substring(0, dot));
            }
        }
        Map<String, BackupSource> sources = new LinkedHashMap<>();
        String schedule = settings.get("sqlbackup.schedule", "0 0 2 * * ?");
        String bucket = settings.get(BUCKET);
        if (names.isEmpty()) {
            sources.put(BackupSource.DEFAULT, new BackupSource(BackupSource.DEFAULT, "source", schedule, bucket));
            return new BackupSources(sources);
        }
        for (String name : names) {
            String role = "sources." + name;
            if (!NAME.matcher(name).matches()) {
                throw new ConfigurationException("source name '" + name + "' (in sqlbackup." + role + ".*) must be 1-40"
                        + " lower-case letters, digits and '-', starting and ending with a letter or digit: it names a"
                        + " Kubernetes Lease, a metric label and a bucket prefix", "sqlbackup." + role + ".url");
            }
            BackupSource source = new BackupSource(name, role,
                    settings.get("sqlbackup." + role + ".schedule", schedule),
                    settings.get("sqlbackup." + role + ".bucket", bucket == null ? null : stripSlash(bucket) + "/" + name));
            settings.require(source.key("url"), "the server of source " + name);
            if (source.bucket() == null) {
                throw new ConfigurationException("source " + name + " has no bucket: set " + source.key("bucket")
                        + " or " + BUCKET, source.key("bucket"));
            }
            sources.put(name, source);
        }
        return new BackupSources(sources);
    }

    private static String stripSlash(String location) {
        return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    }

    public List<BackupSource> all() {
        return new ArrayList<>(byName.values());
    }

    /** Whether the named sources replaced the one-source shorthand. */
    public boolean named() {
        return !byName.containsKey(BackupSource.DEFAULT);
    }

    /**
     * The source a command names; with no name, the only source there is. Several sources and no
     * name is a usage error, as is a name that is not configured.
     */
    public BackupSource select(String name) {
        if (name == null || name.isBlank()) {
            if (byName.size() == 1) {
                return byName.values().iterator().next();
            }
            throw new ConfigurationException("several sources are configured (" + String.join(", ", byName.keySet())
                    + "): name one with --source NAME (or \"source\" in a restore command)", null);
        }
        BackupSource source = byName.get(name);
        if (source == null) {
            throw new ConfigurationException("there is no source '" + name + "': the configured sources are "
                    + String.join(", ", byName.keySet()), null);
        }
        return source;
    }
}

package io.sqlbackup.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds {@link Settings} in the order DESIGN.md fixes: embedded {@code config/application.properties},
 * then an operator's file (optional), then environment variables, then {@code --set key=value}.
 * Environment variables override only keys that the defaults or the file declare, so
 * {@code SQLBACKUP_SOURCE_URL} maps back to {@code sqlbackup.source.url} without guessing. A
 * {@code sqlbackup.} key the defaults do not declare is refused, not ignored.
 */
public final class SettingsLoader {

    public static final String DEFAULTS = "config/application.properties";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SettingsLoader.class);
    /** SQLBACKUP_ variables that are no settings: read by the logging configuration. */
    private static final Set<String> NOT_SETTINGS = Set.of("SQLBACKUP_LOG_LEVEL");

    private final Map<String, String> environment;

    public SettingsLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public Settings load(Path configFile, List<String> assignments) {
        Map<String, String> values = new LinkedHashMap<>();
        putAll(values, readDefaults());
        Set<String> declared = Set.copyOf(values.keySet());
        if (configFile != null) {
            Properties file = readFile(configFile);
            for (String key : file.stringPropertyNames()) {
                String problem = unknownKey(key, declared, configFile.toString());
                if (problem != null) {
                    throw new ConfigurationException(problem, key);
                }
            }
            putAll(values, file);
        }
        Set<String> mapped = new java.util.HashSet<>();
        for (String key : List.copyOf(values.keySet())) {
            String name = Settings.environmentName(key);
            String fromEnv = environment.get(name);
            if (fromEnv != null) {
                values.put(key, fromEnv);
                mapped.add(name);
            }
        }
        warnOfUnmappedVariables(mapped, values.keySet());
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new BadAssignmentException("--set needs key=value, got '" + redactedAssignment(assignment) + "'", null);
            }
            String key = assignment.substring(0, eq).trim();
            String problem = unknownKey(key, declared, "--set");
            if (problem != null) {
                throw new BadAssignmentException(problem, key);
            }
            values.put(key, assignment.substring(eq + 1));
        }
        return new Settings(values);
    }

    /**
     * A misspelt key would be ignored and its default used, and the defaults point at a server on this
     * machine: {@code --set sqlbackup.primary.ur=...} with {@code restore --overwrite} would replace
     * the wrong databases. So every {@code sqlbackup.} key must be one the defaults declare, or one of a
     * named source's ({@link BackupSources#isSourceSetting}). Camel's own keys are Camel's to check.
     *
     * @return what is wrong with the key, naming where it came from; null when it is a setting
     */
    private static String unknownKey(String key, Set<String> declared, String origin) {
        if (!key.startsWith("sqlbackup.") || declared.contains(key) || BackupSources.isSourceSetting(key)) {
            return null;
        }
        if (key.startsWith(BackupSources.PREFIX)) {
            return key + " (in " + origin + ") is not a setting: a source takes " + BackupSources.PREFIX + "NAME."
                    + String.join(", .", BackupSources.SETTINGS);
        }
        return key + " (in " + origin + ") is not a setting, so it would be ignored" + closest(key, declared, k -> k)
                .map(k -> "; did you mean " + k + "?").orElse("; the settings are listed in the README's Configuration section");
    }

    /**
     * A {@code SQLBACKUP_} variable that fills no key is ignored, as its key's default is used: said,
     * with the key it may have been meant for (the logging and test switches are not settings).
     * Not refused, since the environment also carries variables meant for wrappers and scripts.
     */
    private void warnOfUnmappedVariables(Set<String> mapped, Set<String> keys) {
        for (String name : new java.util.TreeSet<>(environment.keySet())) {
            if (!name.startsWith("SQLBACKUP_") || mapped.contains(name) || NOT_SETTINGS.contains(name)
                    || name.startsWith("SQLBACKUP_TEST_")) {
                continue;
            }
            String near = closest(name, keys, Settings::environmentName)
                    .map(k -> "; did you mean " + Settings.environmentName(k) + " (" + k + ")?")
                    .orElse("; a key must be declared (in the --config file, even empty) for a variable to fill it");
            LOG.warn("The environment variable {} fills no setting and is ignored{}", name, near);
        }
    }

    /** The key whose spelling ({@code as}) is within three edits of {@code wanted}, the nearest first. */
    private static java.util.Optional<String> closest(String wanted, Collection<String> keys, Function<String, String> as) {
        String best = null;
        int bestDistance = 4;
        for (String key : keys) {
            int d = distance(as.apply(key), wanted);
            if (d < bestDistance) {
                best = key;
                bestDistance = d;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /** Edit distance, for suggesting the key that was meant. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String redactedAssignment(String assignment) {
        return assignment.length() > 40 ? assignment.substring(0, 40) + "..." : assignment;
    }

    private static void putAll(Map<String, String> target, Properties source) {
        source.stringPropertyNames().forEach(k -> target.put(k, source.getProperty(k)));
    }

    private static Properties readDefaults() {
        Properties p = new Properties();
        try (InputStream in = SettingsLoader.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the jar; the build is broken");
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the embedded " + DEFAULTS, e);
        }
        return p;
    }

    private static Properties readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the configuration file " + file + " (" + e.getMessage()
                    + "): check the --config path", null, e);
        }
        return p;
    }
}

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

/**
 * Builds {@link Settings} in the order DESIGN.md fixes: embedded {@code config/application.properties},
 * then an operator's file (optional), then environment variables, then {@code --set key=value}.
 * Environment variables override only keys that the defaults or the file declare, so
 * {@code SQLBACKUP_SOURCE_URL} maps back to {@code sqlbackup.source.url} without guessing.
 */
public final class SettingsLoader {

    public static final String DEFAULTS = "config/application.properties";

    private final Map<String, String> environment;

    public SettingsLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public Settings load(Path configFile, List<String> assignments) {
        Map<String, String> values = new LinkedHashMap<>();
        putAll(values, readDefaults());
        if (configFile != null) {
            putAll(values, readFile(configFile));
        }
        for (String key : List.copyOf(values.keySet())) {
            String fromEnv = environment.get(Settings.environmentName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new ConfigurationException("--set needs key=value, got '" + redactedAssignment(assignment) + "'", null);
            }
            values.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
        }
        return new Settings(values);
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

package io.sqlbackup.config;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The resolved configuration: embedded defaults, then an optional file, then environment
 * variables, then {@code --set key=value}. Secret values (the encryption key, passwords) are
 * held here but never handed to Camel's property placeholders, so they cannot end up in
 * endpoint URIs, route dumps or JMX attributes.
 */
public final class Settings {

    private final Map<String, String> values;

    public Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Whether a key holds a secret that must stay out of logs, URIs and Camel's properties. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("sqlbackup.key") || k.endsWith(".password") || k.endsWith("passphrase") || k.endsWith(".secret");
    }

    /** The environment variable that overrides a key: upper case, '.' and '-' become '_'. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value, or null when unset or blank. */
    public String get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    public String require(String key, String what) {
        String v = get(key);
        if (v == null) {
            throw new ConfigurationException(what + " is not configured: set " + key
                    + " (or the environment variable " + environmentName(key) + ")", key);
        }
        return v;
    }

    public long getBytes(String key, long fallback) {
        String v = get(key);
        return v == null ? fallback : ByteSize.parse(key, v);
    }

    /** Everything but secrets, for Camel's property placeholders ({{sqlbackup.schedule}} in routes). */
    public Properties placeholderProperties() {
        Properties p = new Properties();
        values.forEach((k, v) -> {
            if (!isSecret(k)) {
                p.setProperty(k, v);
            }
        });
        return p;
    }

    /** Every key set (to any value, blank included), in order. */
    public java.util.SortedSet<String> keys() {
        return new java.util.TreeSet<>(values.keySet());
    }

    /** A copy with some values replaced, for commands that adjust the service (e.g. no schedule). */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.putAll(overrides);
        return new Settings(copy);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Settings{");
        values.forEach((k, v) -> b.append(k).append('=').append(isSecret(k) && !v.isBlank() ? "****" : v).append(", "));
        return b.append('}').toString();
    }
}

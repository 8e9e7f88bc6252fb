package io.sqlbackup.archive;

import io.sqlbackup.config.ConfigurationException;
import java.util.Locale;

/** The codec around the tar stream; it decides the archive's file extension. */
public enum Compression {
    GZIP(".tar.gz", 1, 9),
    ZSTD(".tar.zst", 1, 19);

    private final String extension;
    private final int minLevel;
    private final int maxLevel;

    Compression(String extension, int minLevel, int maxLevel) {
        this.extension = extension;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    public String extension() {
        return extension;
    }

    public static Compression parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new ConfigurationException("sqlbackup.compression = '" + text + "' is not supported: use gzip or zstd",
                    "sqlbackup.compression");
        }
    }

    public int checkLevel(int level) {
        if (level < minLevel || level > maxLevel) {
            throw new ConfigurationException("sqlbackup.compression.level = " + level + " is outside " + minLevel + ".."
                    + maxLevel + " for " + name().toLowerCase(Locale.ROOT), "sqlbackup.compression.level");
        }
        return level;
    }
}

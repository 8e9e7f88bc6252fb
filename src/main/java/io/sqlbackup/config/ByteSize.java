package io.sqlbackup.config;

import java.util.Locale;

/** Parses sizes such as {@code 16MB}, {@code 512k} or {@code 1048576} (binary units). */
public final class ByteSize {

    private ByteSize() {
    }

    public static long parse(String key, String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                default -> unit = 1;
            }
            if (unit != 1) {
                t = t.substring(0, t.length() - 1).trim();
            }
        }
        try {
            long value = Long.parseLong(t) * unit;
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " = '" + text
                    + "' is not a size: use a positive number of bytes with an optional K, M or G suffix (e.g. 16MB)", key);
        }
    }

    /** A byte count for people: {@code 762.5 MiB}. */
    public static String describe(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

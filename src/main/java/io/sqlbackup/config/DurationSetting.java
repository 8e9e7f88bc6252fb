package io.sqlbackup.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations such as {@code 30d}, {@code 36h}, {@code 90m}, {@code 45s} or ISO-8601 {@code P30D}. */
public final class DurationSetting {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([dhms])");

    private DurationSetting() {
    }

    public static Duration parse(String key, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
            }
            Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(key + " = '" + text + "' is not a duration: use e.g. 30d, 36h, 90m or P30D", key);
    }
}

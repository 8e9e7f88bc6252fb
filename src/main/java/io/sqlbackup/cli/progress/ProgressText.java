package io.sqlbackup.cli.progress;

import io.sqlbackup.config.ByteSize;
import java.util.ArrayList;
import java.util.List;

/** Progress as text: the log line, and the figures the bar shows beside it. */
final class ProgressText {

    private ProgressText() {
    }

    /**
     * The log line, e.g. {@code extract: extracting NAME: 45%, 120.0 MiB of 266.7 MiB, 35.2 MiB/s, ETA 0:04}.
     * Unknown figures are left out, never shown as a guess.
     */
    static String logLine(String task, Progress p) {
        StringBuilder b = new StringBuilder(task).append(": ").append(p.stage());
        List<String> parts = new ArrayList<>();
        if (p.measured()) {
            parts.add(percent(p));
        }
        parts.addAll(figures(p));
        if (p.detail() != null && !p.detail().isBlank()) {
            parts.add(p.detail());
        }
        if (!parts.isEmpty()) {
            b.append(": ").append(String.join(", ", parts));
        }
        return b.toString();
    }

    /** Bytes (of the total), rate and ETA, each only when known. */
    static List<String> figures(Progress p) {
        List<String> parts = new ArrayList<>();
        if (p.bytes() > 0 || p.totalBytes() >= 0) {
            parts.add(ByteSize.describe(p.bytes()) + (p.totalBytes() >= 0 ? " of " + ByteSize.describe(p.totalBytes()) : ""));
        }
        if (p.bytesPerSecond() > 0) {
            parts.add(ByteSize.describe((long) p.bytesPerSecond()) + "/s");
        }
        if (p.etaSeconds() > 0 && (!p.measured() || p.fraction() < 1)) {
            parts.add("ETA " + duration(p.etaSeconds()));
        }
        return parts;
    }

    /** Whole percent, rounded down: 100% only when done. */
    static String percent(Progress p) {
        return (int) Math.floor(Math.min(1, p.fraction()) * 100) + "%";
    }

    /** {@code 0:45}, {@code 12:05}, {@code 3:07:10}. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%d:%02d", m, s);
    }
}

package io.sqlbackup.cli.progress;

import java.util.List;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * Draws the bar line from our own reading of the task, not from the library's counter: the task
 * name, the percent, the bar, bytes (of the total), rate, ETA, then the stage and its detail,
 * cut to the terminal's width. Without an honest percent the bar shows a block moving to and fro.
 */
final class BarRenderer implements ProgressBarRenderer {

    /** How fast the block of an indeterminate bar moves: one cell per frame. */
    static final long FRAME_MILLIS = 150;
    private static final int MIN_CELLS = 10;
    private static final int MAX_CELLS = 30;

    private final String task;
    private final ProgressSource source;
    private volatile Progress last;

    BarRenderer(String task, ProgressSource source) {
        this.task = task;
        this.source = source;
    }

    @Override
    public String render(ProgressState state, int maxLength) {
        try {
            Progress now = source.read();
            if (now != null) {
                last = now;
            }
        } catch (RuntimeException e) {
            // keep showing the last reading; the task reports its own failure
        }
        Progress p = last;
        return line(task, p == null ? Progress.stage("starting") : p, state.getTotalElapsed().toMillis() / FRAME_MILLIS, maxLength);
    }

    /** The line for one reading, {@code frame} moving an indeterminate bar, at most {@code width} characters. */
    static String line(String task, Progress p, long frame, int width) {
        String head = task + " " + pad(p.measured() ? ProgressText.percent(p) : "", 4) + " ";
        List<String> figures = ProgressText.figures(p);
        String tail = (figures.isEmpty() ? "" : String.join("  ", figures) + "  ") + p.stage()
                + (p.detail() == null || p.detail().isBlank() ? "" : ": " + p.detail());
        // a width that follows the terminal's only, so the bar does not jump as the figures grow
        int cells = Math.max(MIN_CELLS, Math.min(MAX_CELLS, width / 4));
        String line = head + "[" + bar(p, cells, frame) + "] " + tail;
        return line.length() <= width ? line : line.substring(0, Math.max(0, width));
    }

    private static String bar(Progress p, int cells, long frame) {
        StringBuilder b = new StringBuilder(cells);
        if (p.measured()) {
            int full = (int) Math.floor(Math.min(1, p.fraction()) * cells);
            b.append("=".repeat(full));
            if (full < cells) {
                b.append('>').append(" ".repeat(cells - full - 1));
            }
        } else {
            String block = "<=>";
            int span = cells - block.length();
            int step = (int) (frame % (2L * span));
            int at = step <= span ? step : 2 * span - step;
            b.append(" ".repeat(at)).append(block).append(" ".repeat(span - at));
        }
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}

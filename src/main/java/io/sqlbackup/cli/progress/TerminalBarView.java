package io.sqlbackup.cli.progress;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.IntSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress as a bar redrawn in place on the terminal (me.tongfei:progressbar refreshes it on its
 * own thread). While it is shown, stderr is routed through the bar's line so log messages appear
 * above it instead of inside it; closing it clears the line and puts stderr back.
 */
final class TerminalBarView implements ProgressView {

    private final TerminalLine line;
    private final ProgressBar bar;
    private final PrintStream originalErr;
    private final PrintStream guardedErr;
    private boolean closed;
    /** Clears the line when the JVM is stopped with the bar shown (Ctrl-C), so the shell's prompt starts clean. */
    final Thread clearOnExit = new Thread(this::close, "sqlbackup-progress-bar");

    /**
     * @param guardStderr whether to route {@link System#err} through the bar's line (the log goes there)
     */
    TerminalBarView(String task, ProgressSource source, PrintWriter err, IntSupplier width, Duration refresh, boolean guardStderr) {
        line = new TerminalLine(err, width);
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(-1)
                .setUpdateIntervalMillis((int) Math.max(50, refresh.toMillis()))
                .continuousUpdate()
                .clearDisplayOnFinish()
                .setRenderer(new BarRenderer(task, source))
                .setConsumer(line)
                .build();
        Runtime.getRuntime().addShutdownHook(clearOnExit);
        if (guardStderr) {
            originalErr = System.err;
            guardedErr = line.guard(originalErr);
            System.setErr(guardedErr);
        } else {
            originalErr = null;
            guardedErr = null;
        }
    }

    /** Draws the bar now rather than on the next refresh. */
    void refresh() {
        bar.refresh();
    }

    @Override
    public void print(Runnable lines) {
        line.above(lines);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != clearOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(clearOnExit);
            } catch (IllegalStateException e) {
                // the JVM is stopping: the hook runs, and finds the bar closed
            }
        }
        try {
            bar.close(); // waits for the last refresh and clears the line
        } finally {
            line.close();
            if (guardedErr != null && System.err == guardedErr) {
                System.setErr(originalErr);
            }
        }
    }
}

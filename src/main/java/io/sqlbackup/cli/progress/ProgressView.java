package io.sqlbackup.cli.progress;

/**
 * Shows a running task's progress on stderr while the command waits for it: a bar on a terminal,
 * a plain line every few seconds elsewhere, or nothing. Closing it stops it and clears the bar,
 * so the command's report (and an error) is printed on a clean line.
 */
public interface ProgressView extends AutoCloseable {

    /** Shows nothing. */
    ProgressView NONE = new ProgressView() {
        @Override
        public void print(Runnable lines) {
            lines.run();
        }

        @Override
        public void close() {
        }
    };

    /**
     * Runs code that prints whole lines of the command's own output (e.g. the steps of a restore)
     * while the progress is shown, so that the two do not tear each other.
     */
    void print(Runnable lines);

    /** Stops showing progress and clears the bar; safe to call more than once. */
    @Override
    void close();
}

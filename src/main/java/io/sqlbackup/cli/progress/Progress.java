package io.sqlbackup.cli.progress;

/**
 * One reading of a long task: what it is doing and how far it has come. Figures that are not
 * known are negative, and are left out when shown rather than guessed.
 *
 * @param stage          what is being done, e.g. {@code dumping} or {@code loading the primary 10.0.0.5:3306}
 * @param fraction       how much of the task is done, 0 to 1; negative when there is no honest measure
 * @param bytes          bytes handled so far
 * @param totalBytes     bytes there are to handle; negative when unknown or not comparable with {@code bytes}
 * @param bytesPerSecond bytes handled per second; 0 when not yet known
 * @param etaSeconds     seconds left; negative when unknown
 * @param detail         further counters (tables, rows, the step within the stage), or null
 */
public record Progress(String stage, double fraction, long bytes, long totalBytes, double bytesPerSecond, long etaSeconds,
                       String detail) {

    /** A stage without figures (connecting, re-pointing replication, ...). */
    public static Progress stage(String stage) {
        return new Progress(stage, -1, 0, -1, 0, -1, null);
    }

    /** Whether {@link #fraction()} is a real measure (a bar can be filled), not an unknown. */
    public boolean measured() {
        return fraction >= 0;
    }
}

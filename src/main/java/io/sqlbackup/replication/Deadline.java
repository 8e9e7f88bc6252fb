package io.sqlbackup.replication;

import java.time.Duration;

/** The end of the time a verification may take, shared by its waits. */
final class Deadline {

    private final Duration timeout;
    private final long end;

    Deadline(Duration timeout) {
        this.timeout = timeout;
        this.end = System.nanoTime() + timeout.toNanos();
    }

    boolean passed() {
        return System.nanoTime() - end >= 0;
    }

    Duration timeout() {
        return timeout;
    }

    /** The timeout as messages show it: {@code 10m}, {@code 45s}. */
    String text() {
        long s = timeout.toSeconds();
        return s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
    }
}

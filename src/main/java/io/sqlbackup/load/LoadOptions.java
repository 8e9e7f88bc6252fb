package io.sqlbackup.load;

/**
 * How a target is loaded.
 *
 * @param threads      connections that load in parallel ({@code sqlbackup.restore.threads})
 * @param maxStatement the largest statement accepted from a dump file, in bytes
 * @param queueBytes   statements read ahead of the connections, in bytes
 * @param checkRows    whether to read every restored table back and compare it with the manifest
 */
public record LoadOptions(int threads, int maxStatement, long queueBytes, boolean checkRows) {

    public LoadOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("sqlbackup.restore.threads must be at least 1, got " + threads);
        }
    }
}

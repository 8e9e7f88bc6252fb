package io.sqlbackup.load;

/**
 * How a target is loaded.
 *
 * @param threads      connections that load in parallel ({@code sqlbackup.restore.threads})
 * @param maxStatement the largest statement accepted from a dump file, in bytes
 * @param queueBytes   statements read ahead of the connections, in bytes
 * @param checkRows    whether to read every restored table back and compare it with the manifest
 * @param deferKeysFrom InnoDB tables with at least this many bytes of rows get their plain secondary
 *                     keys after the rows ({@link DeferredKeys}); 0 never defers
 */
public record LoadOptions(int threads, int maxStatement, long queueBytes, boolean checkRows, long deferKeysFrom) {

    public LoadOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("sqlbackup.restore.threads must be at least 1, got " + threads);
        }
    }
}

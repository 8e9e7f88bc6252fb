package io.sqlbackup.archive;

/**
 * One file of a dump directory, held in memory while it passes through the archive stage.
 * A data file is at most one chunk ({@code sqlbackup.dump.chunk-size}), which is what bounds
 * the memory of a backup: tar needs an entry's size before its bytes.
 *
 * @param name   the file name inside the dump directory, without the {@code ./} prefix
 * @param data   the bytes; only the first {@code length} are the entry
 * @param length the entry's size
 */
public record ArchiveEntry(String name, byte[] data, int length) {

    public ArchiveEntry {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("..")) {
            throw new IllegalArgumentException("unsafe archive entry name: " + name);
        }
        if (length < 0 || length > data.length) {
            throw new IllegalArgumentException("entry length " + length + " outside its buffer");
        }
    }
}

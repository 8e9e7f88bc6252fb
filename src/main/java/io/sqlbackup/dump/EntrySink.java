package io.sqlbackup.dump;

import io.sqlbackup.archive.ArchiveEntry;

/** Where dump workers hand finished files; blocks while the archive stage is behind. */
interface EntrySink {

    void emit(ArchiveEntry entry) throws InterruptedException;
}

package io.sqlbackup.service;

import io.sqlbackup.bucket.StoredObject;
import io.sqlbackup.dump.DumpProgress;
import java.time.Duration;

/** What one backup produced, for the command line and the demo. */
public record BackupResult(StoredObject object, DumpProgress dump, Duration elapsed) {
}

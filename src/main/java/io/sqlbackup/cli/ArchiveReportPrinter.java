package io.sqlbackup.cli;

import io.sqlbackup.config.ByteSize;

import io.sqlbackup.manifest.Manifest;
import io.sqlbackup.ops.ArchiveReport;
import io.sqlbackup.replication.SnapshotCoordinates;
import java.io.PrintWriter;
import java.util.Locale;

/** How {@code verify} and {@code extract} show what they found. */
final class ArchiveReportPrinter {

    private ArchiveReportPrinter() {
    }

    static void print(PrintWriter out, String verb, ArchiveReport r) {
        out.printf(Locale.ROOT, "%s %s%n", r.archive(), verb);
        out.printf(Locale.ROOT, "  object    %s%n", r.sha256() == null
                ? "no SHA-256 recorded in the bucket; not checked"
                : "SHA-256 " + r.sha256() + " matches the digest recorded when it was written");
        Manifest m = r.manifest();
        if (m == null) {
            out.printf(Locale.ROOT, "  content   %d files, %s; no sqlbackup manifest (an archive of the old scripts?):"
                    + " decryption, compression and tar checked, file digests not%n", r.entries(), ByteSize.describe(r.bytes()));
        } else {
            out.printf(Locale.ROOT, "  content   %d files, %s, every one matches the manifest's SHA-256%n", r.entries(),
                    ByteSize.describe(r.bytes()));
            out.printf(Locale.ROOT, "  snapshot  %s by %s, %d tables, %d rows%n", m.started(), m.tool(), r.tables(), r.rows());
            SnapshotCoordinates c = m.coordinates();
            if (c != null && c.server() != null) {
                out.printf(Locale.ROOT, "  binlog    %s:%d gtid %s%n", c.server().file(), c.server().position(), c.server().gtid());
            }
            if (c != null && c.replica() != null) {
                out.printf(Locale.ROOT, "  replica   of %s at %s:%d gtid %s%n", c.replica().primaryHost(), c.replica().file(),
                        c.replica().position(), c.replica().gtid());
            }
        }
        if (r.directory() != null) {
            out.printf(Locale.ROOT, "  directory %s (load with: myloader -d %s)%n", r.directory(), r.directory());
        }
        out.flush();
    }
}

package io.sqlbackup.cli;

import io.sqlbackup.config.ByteSize;

import io.sqlbackup.service.BackupResult;
import java.io.PrintWriter;
import java.util.Locale;

/** How a finished backup is shown to an operator. */
final class BackupReport {

    private BackupReport() {
    }

    static void print(PrintWriter out, BackupResult r) {
        double seconds = r.elapsed().toMillis() / 1000.0;
        out.printf(Locale.ROOT, "Backup %s stored%n", r.object().name());
        out.printf(Locale.ROOT, "  location  %s%n", r.object().location());
        out.printf(Locale.ROOT, "  size      %s (sha256 %s)%n", ByteSize.describe(r.object().size()), r.object().sha256());
        out.printf(Locale.ROOT, "  content   %d tables, %d rows, %s of SQL in %d files%n", r.dump().tables(), r.dump().rows(),
                ByteSize.describe(r.dump().bytes()), r.dump().entries());
        out.printf(Locale.ROOT, "  time      %.1f s (%s/s of SQL)%n", seconds, ByteSize.describe((long) (r.dump().bytes() / Math.max(seconds, 0.001))));
        out.flush();
    }
}

package io.sqlbackup.cli;

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
        out.printf(Locale.ROOT, "  size      %s (sha256 %s)%n", bytes(r.object().size()), r.object().sha256());
        out.printf(Locale.ROOT, "  content   %d tables, %d rows, %s of SQL in %d files%n", r.dump().tables(), r.dump().rows(),
                bytes(r.dump().bytes()), r.dump().entries());
        out.printf(Locale.ROOT, "  time      %.1f s (%s/s of SQL)%n", seconds, bytes((long) (r.dump().bytes() / Math.max(seconds, 0.001))));
        out.flush();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

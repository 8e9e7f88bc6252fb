package io.sqlbackup.cli;

import io.sqlbackup.config.ByteSize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sqlbackup.bucket.BackupCatalog;
import io.sqlbackup.bucket.Bucket;
import io.sqlbackup.bucket.BucketLocation;
import io.sqlbackup.bucket.ObjectMetadata;
import io.sqlbackup.bucket.StoredObject;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sqlbackup list}: the backups in the bucket, oldest first. Needs neither a server nor the key. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the backups in the bucket (name, size, created, age, last verified), oldest first.")
final class ListCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Mixin
    ConfigOptions config;

    @Mixin
    SourceOption source;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        Bucket bucket = BucketLocation.open(source.bucketOf(config.settings()));
        List<StoredObject> objects = bucket.list();
        BackupCatalog catalog = new BackupCatalog(objects, bucket.describe());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, catalog.backups());
        } else {
            printTable(out, bucket, catalog.backups(), objects.size() - catalog.backups().size());
        }
        out.flush();
        return 0;
    }

    private void printJson(PrintWriter out, List<StoredObject> backups) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        Instant now = clock.instant();
        for (StoredObject b : backups) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", b.name());
            row.put("size", b.size());
            row.put("created", b.created().toString());
            row.put("snapshot", BackupCatalog.snapshot(b).toString());
            row.put("ageSeconds", Duration.between(BackupCatalog.snapshot(b), now).toSeconds());
            row.put("sha256", b.sha256());
            row.put("verified", b.metadata().get(ObjectMetadata.VERIFIED));
            row.put("location", b.location());
            rows.add(row);
        }
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    }

    private void printTable(PrintWriter out, Bucket bucket, List<StoredObject> backups, int others) {
        if (backups.isEmpty()) {
            out.println("No backups in " + bucket.describe() + (others > 0 ? " (" + others + " other objects)" : "") + ".");
            return;
        }
        Instant now = clock.instant();
        int width = backups.stream().mapToInt(b -> b.name().length()).max().orElse(4);
        String format = "%-" + width + "s  %10s  %-20s  %8s  %s%n";
        out.printf(Locale.ROOT, format, "NAME", "SIZE", "CREATED", "AGE", "VERIFIED");
        long total = 0;
        for (StoredObject b : backups) {
            String verified = b.metadata().get(ObjectMetadata.VERIFIED);
            out.printf(Locale.ROOT, format, b.name(), ByteSize.describe(b.size()), TIME.format(b.created()),
                    age(Duration.between(BackupCatalog.snapshot(b), now)),
                    verified == null ? "never" : TIME.format(Instant.parse(verified)));
            total += b.size();
        }
        out.printf(Locale.ROOT, "%d backup%s, %s in %s%s%n", backups.size(), backups.size() == 1 ? "" : "s",
                ByteSize.describe(total), bucket.describe(),
                others > 0 ? "; " + others + " other objects there are not backups and are left alone" : "");
    }

    static String age(Duration d) {
        if (d.isNegative()) {
            return "future";
        }
        if (d.toDays() > 0) {
            return d.toDays() + "d" + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }
}

package io.sqlbackup.service;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.SqlBackupException;
import io.sqlbackup.bucket.Bucket;
import io.sqlbackup.bucket.BucketLocation;
import io.sqlbackup.bucket.StoredObject;
import io.sqlbackup.config.Settings;
import io.sqlbackup.crypto.KeyRing;
import io.sqlbackup.dump.DumpProgress;
import io.sqlbackup.server.ServerDirectory;
import java.time.Duration;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * sqlbackup as a Camel Main application: the routes in {@code routes/*.camel.yaml}, the resolved
 * settings as property placeholders (secrets excepted), and the beans the components autowire:
 * the server directory and the key ring. Everything that can be checked without a server
 * (key, bucket, options) is checked when it starts.
 */
public final class SqlbackupService implements AutoCloseable {

    public static final String BACKUP_ENDPOINT = "direct:backup";

    private final Main main;

    /** The service that takes backups: the bucket must be writable. */
    public SqlbackupService(Settings settings) {
        this(settings, true);
    }

    /**
     * @param writesBackups whether this service will store backups; commands that only read the
     *                      bucket (list, extract, verify) work on a read-only bucket too
     */
    public SqlbackupService(Settings settings, boolean writesBackups) {
        KeyRing keys = KeyRing.fromSettings(settings);
        // Opened and checked here, so a bad bucket fails with one line before Camel starts, not a startup stack trace.
        Bucket bucket = BucketLocation.open(settings);
        if (writesBackups) {
            bucket.checkWritable();
        }
        main = new Main();
        // Our settings are the only property source: no stray application.properties from the class path.
        main.setDefaultPropertyPlaceholderLocation("false");
        Properties properties = settings.placeholderProperties();
        main.setInitialProperties(properties);
        main.setOverrideProperties(properties);
        main.bind("servers", new ServerDirectory(settings));
        main.bind("keyRing", keys);
        main.bind("bucket", bucket);
    }

    /** Starts the routes (and the schedule, unless sqlbackup.schedule.enabled is false). */
    public void start() {
        try {
            main.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            throw new SqlBackupException("the service did not start; see the log above");
        }
    }

    /** Runs as a service until the JVM is asked to stop. */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Runs the backup route once, now, on this thread. */
    public BackupResult backupOnce() {
        long started = System.nanoTime();
        try (ProducerTemplate template = context().createProducerTemplate()) {
            Exchange done = template.send(BACKUP_ENDPOINT, exchange -> { });
            if (done.getException() != null) {
                Exception failure = done.getException();
                SqlBackupException known = SqlBackupException.findIn(failure);
                throw known != null ? known : new SqlBackupException("the backup failed: " + describe(failure), null, failure);
            }
            return new BackupResult(done.getMessage().getBody(StoredObject.class),
                    done.getMessage().getHeader(BackupHeaders.DUMP_PROGRESS, DumpProgress.class),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (java.io.IOException e) {
            throw new SqlBackupException("closing the producer failed: " + e.getMessage());
        }
    }

    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (RuntimeException e) {
            // stopping after a failed start may find nothing to stop
        }
    }
}

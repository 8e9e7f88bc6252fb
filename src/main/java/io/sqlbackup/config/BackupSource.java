package io.sqlbackup.config;

/**
 * One server sqlbackup backs up on its own schedule into its own bucket prefix.
 *
 * @param name     the source's name: {@code default} for the one-source shorthand, else the NAME of
 *                 {@code sqlbackup.sources.NAME.*}; it labels metrics, names the MBean and the lease
 * @param role     the key prefix of its login after {@code sqlbackup.}: {@code source} or {@code sources.NAME}
 * @param schedule the Quartz cron of its backups
 * @param bucket   where its archives go: {@code gs://BUCKET/PREFIX} or {@code file:/PATH}
 */
public record BackupSource(String name, String role, String schedule, String bucket) {

    /** The source name of the one-source shorthand ({@code sqlbackup.source.*}). */
    public static final String DEFAULT = "default";

    /** The key of one of its settings, e.g. {@code sqlbackup.sources.wiki1.bucket}. */
    public String key(String setting) {
        return "sqlbackup." + role + "." + setting;
    }

    @Override
    public String toString() {
        return name;
    }
}

package io.sqlbackup.bucket;

import java.util.Locale;

/** What a {@code bucket:} endpoint does. */
public enum BucketOperation {
    /** Store the body stream under the name in the SqlBackupObjectName header. */
    put;

    static BucketOperation parse(String text) {
        try {
            return valueOf(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bucket:" + text + " is not an operation; use bucket:put");
        }
    }
}

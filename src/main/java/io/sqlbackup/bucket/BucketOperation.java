package io.sqlbackup.bucket;

import java.util.Locale;

/** What a {@code bucket:} endpoint does. */
public enum BucketOperation {
    /** Store the body stream under the name in the SqlBackupObjectName header. */
    put,
    /** Replace the body with the stream of the object named in the header ({@code latest}: the newest backup). */
    get,
    /** Replace the body with the list of every object under the prefix. */
    list,
    /** Delete the object named in the header. */
    delete;

    static BucketOperation parse(String text) {
        try {
            return valueOf(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bucket:" + text + " is not an operation; use bucket:put, get, list or delete");
        }
    }
}

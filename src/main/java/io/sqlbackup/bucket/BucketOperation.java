package io.sqlbackup.bucket;


/** What a {@code bucket:} endpoint does. */
public enum BucketOperation {
    /** Store the body stream under the name in the SqlBackupObjectName header. */
    put,
    /** Replace the body with the stream of the object named in the header ({@code latest}: the newest backup). */
    get,
    /** Replace the body with the list of every object under the prefix. */
    list,
    /** Delete the object named in the header. */
    delete,
    /** Record in the metadata of the object named in the header that a full verification passed now. */
    markVerified;

    static BucketOperation parse(String text) {
        for (BucketOperation op : values()) {
            if (op.name().equalsIgnoreCase(text)) {
                return op;
            }
        }
        throw new IllegalArgumentException("bucket:" + text + " is not an operation; use bucket:put, get, list, delete or markVerified");
    }
}

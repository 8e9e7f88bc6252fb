package io.sqlbackup.bucket;

/** An object's bytes no longer match what was recorded when it was written. */
public class ObjectDamagedException extends BucketException {

    public ObjectDamagedException(String message) {
        super(message, null);
    }
}

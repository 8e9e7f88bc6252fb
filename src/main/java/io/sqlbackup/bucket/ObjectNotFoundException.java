package io.sqlbackup.bucket;

/** The named object is not in the bucket. */
public class ObjectNotFoundException extends BucketException {

    public ObjectNotFoundException(String name, String bucket) {
        super("there is no object named " + name + " in " + bucket + ": run `sqlbackup list` to see the backups there", null);
    }
}

package io.sqlbackup.bucket;

import java.io.InputStream;

/** Where archives are kept. Every operation streams; none holds a whole object. */
public interface Bucket {

    /**
     * Stores the stream under {@code name}. The object becomes visible under that name only once
     * complete; when the stream fails, nothing is left behind.
     */
    StoredObject put(String name, InputStream content);

    /** A description safe to print (no credentials). */
    String describe();
}

package io.sqlbackup.bucket;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Where archives are kept: a Google Cloud Storage prefix or a local directory. Every operation
 * streams; none holds a whole object in memory. Object names are plain names under the bucket's
 * prefix (no {@code /}).
 */
public interface Bucket {

    /**
     * Stores the stream under {@code name}, with small non-sensitive metadata (see
     * {@link ObjectMetadata}). The object becomes visible under that name only once complete and
     * its SHA-256 (computed while writing) is recorded with it; when the stream fails, nothing is
     * left under the name. An existing object is never replaced.
     */
    StoredObject put(String name, InputStream content, Map<String, String> metadata);

    /** The object's description and its bytes, streamed as they are read, from one look-up. */
    OpenedObject open(String name) throws ObjectNotFoundException;

    /** The object's bytes, streamed as they are read. */
    default InputStream get(String name) throws ObjectNotFoundException {
        return open(name).content();
    }

    /** One object's description. */
    StoredObject stat(String name) throws ObjectNotFoundException;

    /**
     * Every object directly under the prefix, ours or not: callers decide by name what is a
     * backup. Bookkeeping files a bucket keeps beside objects (checksum sidecars) are not listed.
     */
    List<StoredObject> list();

    /** Deletes the object and what the bucket keeps beside it. */
    void delete(String name) throws ObjectNotFoundException;

    /** Adds or replaces metadata entries of an existing object (e.g. when it was last verified). */
    void updateMetadata(String name, Map<String, String> metadata) throws ObjectNotFoundException;

    /**
     * Fails now, before any server is touched, if objects could not be written here. Only
     * commands that write call it, so a read-only bucket can still be listed and extracted.
     */
    void checkWritable();

    /**
     * Fails if the bucket cannot be reached now (a cheap request: one page of one object), for the
     * readiness check; says what is wrong in an operator's words.
     */
    void checkReachable();

    /** A description safe to print (no credentials), e.g. {@code gs://bucket/prefix}. */
    String describe();
}

package io.sqlbackup.testing.gcs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Failures the {@link GcsTestServer} injects, chosen by the kind of request and its ordinal
 * (the first chunk PUT is chunk 1). Requests are counted per kind from server start or the last
 * {@link #clear()}, whether or not a fault hits them. Thread-safe.
 */
public final class GcsFaults {

    /** What a request does, as the fault rules and counters see it. */
    public enum Kind {
        /** POST uploadType=resumable: opens an upload session. */
        SESSION_START,
        /** PUT to an upload session carrying bytes (the last one finalises the object). */
        CHUNK,
        /** PUT to an upload session without bytes: a status query, or finalising after the last chunk. */
        SESSION_QUERY,
        /** DELETE of an upload session: the client abandons it. */
        SESSION_CANCEL,
        /** uploadType=multipart or uploadType=media: a whole object in one request. */
        SIMPLE_UPLOAD,
        /** alt=media: object bytes. */
        DOWNLOAD,
        /** Object resource (metadata) GET. */
        OBJECT_GET,
        /** PATCH or PUT of an object resource. */
        OBJECT_UPDATE,
        OBJECT_DELETE,
        LIST,
        BUCKET_GET,
        /** testIamPermissions on a bucket. */
        PERMISSIONS
    }

    private record Rule(Kind kind, long from, long to, int status, long dropAfter, Duration delay, boolean loseAnswer) {
        boolean matches(Kind k, long ordinal) {
            return k == kind && ordinal >= from && ordinal <= to;
        }
    }

    /** What the server does to one request. */
    record Action(int status, long dropAfter, Duration delay, boolean losesAnswer) {
        static final Action NONE = new Action(0, -1, Duration.ZERO, false);

        boolean respondsWithError() {
            return status > 0;
        }

        boolean drops() {
            return dropAfter >= 0;
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    private final Set<String> wrongCrc32c = new HashSet<>();
    private long injected;

    /** The {@code nth} request of this kind gets {@code status} (e.g. 503, 429) instead of being served. */
    public synchronized GcsFaults failNth(Kind kind, long nth, int status) {
        rules.add(new Rule(kind, nth, nth, status, -1, Duration.ZERO, false));
        return this;
    }

    /** Requests {@code from}..{@code to} (inclusive) of this kind get {@code status}. */
    public synchronized GcsFaults failRange(Kind kind, long from, long to, int status) {
        rules.add(new Rule(kind, from, to, status, -1, Duration.ZERO, false));
        return this;
    }

    /** Every request of this kind from now on gets {@code status}. */
    public synchronized GcsFaults failAll(Kind kind, int status) {
        rules.add(new Rule(kind, count(kind) + 1, Long.MAX_VALUE, status, -1, Duration.ZERO, false));
        return this;
    }

    /**
     * The {@code nth} request of this kind loses its connection while data is in flight: for
     * uploads (CHUNK, SIMPLE_UPLOAD) after the server has read {@code afterBytes} of the request
     * body (of a chunk, what was read is kept as GCS may, in whole 256 KiB units); for DOWNLOAD
     * after {@code afterBytes} of the response body; for other kinds before the request is served.
     */
    public synchronized GcsFaults dropNth(Kind kind, long nth, long afterBytes) {
        rules.add(new Rule(kind, nth, nth, 0, afterBytes, Duration.ZERO, false));
        return this;
    }

    /**
     * The {@code nth} request of this kind is served in full (its change is made) but the
     * connection is reset instead of answering: the client cannot know it succeeded.
     */
    public synchronized GcsFaults loseAnswerNth(Kind kind, long nth) {
        rules.add(new Rule(kind, nth, nth, 0, -1, Duration.ZERO, true));
        return this;
    }

    /** The {@code nth} request of this kind is answered only after {@code delay}. */
    public synchronized GcsFaults delayNth(Kind kind, long nth, Duration delay) {
        rules.add(new Rule(kind, nth, nth, 0, -1, delay, false));
        return this;
    }

    /** The object (full name, with any prefix) is described with a CRC32C that does not match its bytes. */
    public synchronized GcsFaults reportWrongCrc32c(String objectName) {
        wrongCrc32c.add(objectName);
        return this;
    }

    /** How many requests of this kind the server has seen. */
    public synchronized long count(Kind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    /** How many requests a fault rule has hit. */
    public synchronized long injected() {
        return injected;
    }

    /** Removes all rules and resets the counters. */
    public synchronized void clear() {
        rules.clear();
        counts.clear();
        wrongCrc32c.clear();
        injected = 0;
    }

    synchronized Action next(Kind kind) {
        long ordinal = counts.merge(kind, 1L, Long::sum);
        for (Rule rule : rules) {
            if (rule.matches(kind, ordinal)) {
                injected++;
                return new Action(rule.status, rule.dropAfter, rule.delay, rule.loseAnswer);
            }
        }
        return Action.NONE;
    }

    synchronized boolean reportsWrongCrc32c(String objectName) {
        return wrongCrc32c.contains(objectName);
    }
}

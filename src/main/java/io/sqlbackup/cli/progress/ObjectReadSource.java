package io.sqlbackup.cli.progress;

import io.sqlbackup.bucket.ObjectReadProgress;
import java.util.function.LongSupplier;

/** The progress of reading an archive (extract, verify): its bytes read of the object's size. */
public final class ObjectReadSource implements ProgressSource {

    private final String verb;
    private final ObjectReadProgress reading;
    private final LongSupplier nanoTime;

    /** @param verb what the reading is for, e.g. {@code extracting} */
    public ObjectReadSource(String verb, ObjectReadProgress reading) {
        this(verb, reading, System::nanoTime);
    }

    ObjectReadSource(String verb, ObjectReadProgress reading, LongSupplier nanoTime) {
        this.verb = verb;
        this.reading = reading;
        this.nanoTime = nanoTime;
    }

    @Override
    public Progress read() {
        if (reading.objectName() == null) {
            return Progress.stage("opening the archive");
        }
        return of(verb + " " + reading.objectName(), reading, nanoTime.getAsLong(), null);
    }

    /** The figures of a read under way, at {@code now} (a {@link System#nanoTime()} reading). */
    static Progress of(String stage, ObjectReadProgress reading, long now, String detail) {
        long size = reading.size();
        long bytes = reading.bytes();
        long elapsed = now - reading.startedNanos();
        double fraction = size > 0 ? Math.min(1, (double) bytes / size) : size == 0 ? 1 : -1;
        return new Progress(stage, fraction, bytes, size, Pace.rate(bytes, elapsed), fraction < 0 ? -1 : Pace.eta(fraction, elapsed),
                detail);
    }
}

package io.sqlbackup.dump;

import io.sqlbackup.Version;
import io.sqlbackup.archive.ArchiveEntry;
import io.sqlbackup.archive.EntrySource;
import io.sqlbackup.manifest.Manifest;
import io.sqlbackup.manifest.ManifestJson;
import io.sqlbackup.stream.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a dump in the mydumper 0.10 layout, produced by one worker thread per dump session
 * and handed to the archive stage in the order they finish. The hand-over queue holds one file per
 * session, so memory stays at about two chunks per session however large the database.
 * <p>
 * Last come {@code metadata} (which needs the finish time, as in mydumper) and
 * {@code sqlbackup-manifest.json} with the row count and checksum of every table and the digest
 * of every other entry.
 */
public final class DumpEntries implements EntrySource {

    private static final Logger LOG = LoggerFactory.getLogger(DumpEntries.class);

    /** What a worker hands over: a file, the failure that stopped the dump, or the end. */
    private record Item(ArchiveEntry entry, DumpException failure) {
        static final Item END = new Item(null, null);
    }

    private final SourceSnapshot snapshot;
    private final DumpProgress progress;
    private final DumpScheduler scheduler = new DumpScheduler();
    private final DumpPlan plan;
    private final BlockingQueue<Item> handOver;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final List<Manifest.EntryRecord> digests = new ArrayList<>();
    private final MessageDigest sha256 = Sha256.newDigest();
    private final Deque<ArchiveEntry> closing = new ArrayDeque<>();
    private boolean ended;
    private boolean failed;
    private boolean closed;

    public DumpEntries(SourceSnapshot snapshot, DumpOptions options, DumpProgress progress) {
        this.snapshot = snapshot;
        this.progress = progress;
        this.plan = new DumpPlan(snapshot, options, progress, scheduler);
        this.handOver = new ArrayBlockingQueue<>(snapshot.sessions().size());
        plan.submitAll();
        for (DumpSession session : snapshot.sessions()) {
            Thread worker = new Thread(() -> work(session), "sqlbackup-dump-" + session.number());
            worker.setDaemon(true);
            workers.add(worker);
        }
        running.set(workers.size());
        workers.forEach(Thread::start);
    }

    private void work(DumpSession session) {
        EntrySink sink = entry -> handOver.put(new Item(entry, null));
        try {
            DumpTask task;
            while ((task = scheduler.next()) != null) {
                try {
                    task.run(session, sink);
                } catch (SQLException e) {
                    throw DumpFailures.explain(snapshot.source(), task, e);
                }
                scheduler.done(task);
            }
            if (running.decrementAndGet() == 0 && !scheduler.isCancelled()) {
                handOver.put(Item.END);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (DumpException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new DumpException("the dump of the " + snapshot.source().role() + " server at " + snapshot.source().address()
                    + " failed: " + e, snapshot.source().urlKey(), e));
        }
    }

    private void fail(DumpException e) {
        scheduler.cancel();
        try {
            handOver.put(new Item(null, e));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ArchiveEntry next() {
        if (closed) {
            throw new IllegalStateException("dump already closed");
        }
        if (failed) {
            throw new IllegalStateException("dump already failed");
        }
        if (ended) {
            return closing.poll();
        }
        Item item;
        try {
            item = handOver.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DumpException("the dump was interrupted", null, e);
        }
        if (item.failure() != null) {
            failed = true;
            throw item.failure();
        }
        if (item == Item.END) {
            ended = true;
            finish();
            return closing.poll();
        }
        record(item.entry());
        return item.entry();
    }

    /** The closing entries: metadata, then the manifest. */
    private void finish() {
        Instant end = Instant.now();
        byte[] metadata = MetadataFile.render(snapshot.started(), snapshot.coordinates(), end).getBytes(StandardCharsets.UTF_8);
        ArchiveEntry metadataEntry = new ArchiveEntry(MetadataFile.NAME, metadata, metadata.length);
        record(metadataEntry);
        Duration lag = snapshot.replicaLag();
        byte[] manifest = ManifestJson.write(new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, "sqlbackup " + Version.get(),
                snapshot.started().toString(), end.toString(),
                new Manifest.Source(snapshot.source().address(), snapshot.serverVersion(), lag == null ? null : lag.toSeconds()),
                snapshot.coordinates(), plan.tableRecords(), List.copyOf(digests)));
        closing.add(metadataEntry);
        closing.add(new ArchiveEntry(Manifest.NAME, manifest, manifest.length));
        LOG.info("Dumped {} in {} s", progress, Duration.between(snapshot.started(), end).toSeconds());
    }

    private void record(ArchiveEntry entry) {
        sha256.update(entry.data(), 0, entry.length());
        digests.add(new Manifest.EntryRecord(entry.name(), entry.length(), Sha256.hex(sha256)));
        progress.entry(entry.length());
    }

    /** Ends the dump: when it did not run to its end, stops the workers and kills their queries first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean complete = ended && closing.isEmpty();
        scheduler.cancel();
        if (!complete) {
            snapshot.abort();
        }
        workers.forEach(Thread::interrupt);
        handOver.clear();
        for (Thread worker : workers) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        snapshot.close();
    }
}

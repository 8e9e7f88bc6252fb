package io.sqlbackup.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The small files of an archive (schemas, views, triggers, routines, accounts), kept from the
 * verify pass so the load can create every table before the first row arrives, whatever order
 * the tar holds its files in. They stay in memory up to a budget; past it they spill to a
 * temporary directory, which {@link #close()} deletes.
 */
public final class HeldFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeldFiles.class);

    private final long memoryBudget;
    private final Path spillParent;
    private final Map<String, byte[]> inMemory = new HashMap<>();
    private final Map<String, Path> spilled = new HashMap<>();
    private long memoryBytes;
    private long spilledBytes;
    private Path spillDirectory;

    /**
     * @param memoryBudget bytes kept in memory before files spill to disk
     * @param spillParent  where the temporary directory goes (null: the JVM's temporary directory)
     */
    public HeldFiles(long memoryBudget, Path spillParent) {
        this.memoryBudget = memoryBudget;
        this.spillParent = spillParent;
    }

    /** Keeps a file's bytes, reading the stream to its end. */
    public synchronized void hold(String name, InputStream content, long size) throws IOException {
        if (memoryBytes + size <= memoryBudget) {
            byte[] bytes = content.readAllBytes();
            inMemory.put(name, bytes);
            memoryBytes += bytes.length;
            return;
        }
        if (spillDirectory == null) {
            spillDirectory = spillParent == null ? Files.createTempDirectory("sqlbackup-restore-")
                    : Files.createTempDirectory(spillParent, "sqlbackup-restore-");
            LOG.info("The archive's schema files exceed {} bytes in memory; the rest are kept in {} until the restore ends",
                    memoryBudget, spillDirectory);
        }
        Path file = spillDirectory.resolve("held-" + spilled.size());
        spilledBytes += Files.copy(content, file);
        spilled.put(name, file);
    }

    public synchronized boolean holds(String name) {
        return inMemory.containsKey(name) || spilled.containsKey(name);
    }

    /** The bytes of a held file, as they were in the archive. */
    public synchronized InputStream open(String name) {
        byte[] bytes = inMemory.get(name);
        if (bytes != null) {
            return new ByteArrayInputStream(bytes);
        }
        Path file = spilled.get(name);
        if (file == null) {
            throw new IllegalArgumentException(name + " is not held");
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + name + " from " + file, e);
        }
    }

    /** Bytes spilled to disk (0 when everything fit in memory). */
    public synchronized long spilledBytes() {
        return spilledBytes;
    }

    @Override
    public synchronized void close() {
        inMemory.clear();
        if (spillDirectory != null) {
            try (Stream<Path> files = Files.walk(spillDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.warn("Could not delete the temporary directory {}: {}", spillDirectory, e.toString());
            }
            spillDirectory = null;
        }
    }
}

package io.sqlbackup.bucket;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlbackup.SqlBackupException;
import io.sqlbackup.stream.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A directory as a bucket. Objects are written to a hidden partial file, synced, then linked
 * under their final name, so a reader (or a crash) never sees half an archive under a final name.
 * Beside each object, {@code NAME.sha256} holds its digest in the format {@code sha256sum -c}
 * reads, and {@code NAME.metadata.json} its metadata.
 */
public final class LocalBucket implements Bucket {

    private static final int BUFFER = 1 << 20;
    private static final String SHA256_SUFFIX = ".sha256";
    private static final String METADATA_SUFFIX = ".metadata.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;

    public LocalBucket(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public void checkWritable() {
        try {
            Files.createDirectories(directory);
            Path probe = Files.createTempFile(directory, ".sqlbackup-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : e.getClass().getSimpleName();
            throw new BucketException("the bucket directory " + directory + " is not writable (" + reason
                    + "): check sqlbackup.bucket and the directory's permissions", e);
        }
    }

    @Override
    public void checkReachable() {
        if (!Files.isDirectory(directory) || !Files.isReadable(directory)) {
            throw new BucketException("the bucket directory " + directory + " is missing or not readable:"
                    + " check sqlbackup.bucket and the volume it is on", null);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public StoredObject put(String name, InputStream content, Map<String, String> metadata) {
        checkName(name);
        Path target = directory.resolve(name);
        Path partial = directory.resolve("." + name + "." + UUID.randomUUID() + ".partial");
        // A command stopped mid-write (Ctrl-C, SIGTERM) runs no catch block below, only the JVM's exit:
        // without this its partial file would stay in the bucket, unlisted and never pruned.
        partial.toFile().deleteOnExit();
        MessageDigest sha256 = Sha256.newDigest();
        long size = 0;
        try {
            try (InputStream in = content;
                 FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha256)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    size += n;
                }
                out.flush();
                channel.force(true);
            }
            String digest = Sha256.hex(sha256);
            if (Files.exists(target)) {
                throw alreadyExists(target, null);
            }
            Map<String, String> recorded = new TreeMap<>(metadata);
            recorded.put(ObjectMetadata.SHA256, digest);
            // Sidecars first: an object visible under its final name always has its digest beside it.
            writeAtomically(directory.resolve(name + SHA256_SUFFIX), digest + "  " + name + "\n");
            writeAtomically(directory.resolve(name + METADATA_SUFFIX), JSON.writeValueAsString(recorded));
            publish(partial, target);
            return describe(target, recorded);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial, e);
            if (!Files.exists(target)) {
                deleteQuietly(directory.resolve(name + SHA256_SUFFIX), e);
                deleteQuietly(directory.resolve(name + METADATA_SUFFIX), e);
            }
            // A failure upstream (dump, key) reaches us through the stream; report it, not the write.
            SqlBackupException upstream = SqlBackupException.findIn(e);
            if (upstream != null) {
                throw upstream;
            }
            throw new BucketException("writing " + name + " to " + directory + " failed: " + describeCause(e), e);
        }
    }

    @Override
    public OpenedObject open(String name) {
        StoredObject object = stat(name);
        try {
            return new OpenedObject(object, Files.newInputStream(directory.resolve(name)));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(name, describe());
        } catch (IOException e) {
            throw new BucketException("reading " + name + " from " + directory + " failed: " + describeCause(e), e);
        }
    }

    @Override
    public StoredObject stat(String name) {
        checkName(name);
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ObjectNotFoundException(name, describe());
        }
        try {
            return describe(file, readMetadata(name));
        } catch (IOException e) {
            throw new BucketException("reading the metadata of " + name + " in " + directory + " failed: " + describeCause(e), e);
        }
    }

    @Override
    public List<StoredObject> list() {
        List<StoredObject> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted(Comparator.comparing(Path::getFileName)).toList()) {
                String name = file.getFileName().toString();
                if (isBookkeeping(name) || !Files.isRegularFile(file)) {
                    continue;
                }
                objects.add(describe(file, readMetadata(name)));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new BucketException("listing " + directory + " failed: " + describeCause(e), e);
        }
        return objects;
    }

    @Override
    public void delete(String name) {
        checkName(name);
        try {
            if (!Files.deleteIfExists(directory.resolve(name))) {
                throw new ObjectNotFoundException(name, describe());
            }
            Files.deleteIfExists(directory.resolve(name + SHA256_SUFFIX));
            Files.deleteIfExists(directory.resolve(name + METADATA_SUFFIX));
        } catch (IOException e) {
            throw new BucketException("deleting " + name + " from " + directory + " failed: " + describeCause(e), e);
        }
    }

    @Override
    public void updateMetadata(String name, Map<String, String> changes) {
        checkName(name);
        if (!Files.isRegularFile(directory.resolve(name))) {
            throw new ObjectNotFoundException(name, describe());
        }
        try {
            Map<String, String> recorded = new TreeMap<>(readMetadata(name));
            recorded.putAll(changes);
            writeAtomically(directory.resolve(name + METADATA_SUFFIX), JSON.writeValueAsString(recorded));
        } catch (IOException e) {
            throw new BucketException("updating the metadata of " + name + " in " + directory + " failed: " + describeCause(e), e);
        }
    }

    /** Partial files, probes and our sidecars are not objects. */
    private static boolean isBookkeeping(String name) {
        return name.startsWith(".") || name.endsWith(SHA256_SUFFIX) || name.endsWith(METADATA_SUFFIX);
    }

    /**
     * The metadata sidecar; for objects written before it existed (or copied in by hand), the
     * digest from {@code NAME.sha256} alone, or nothing.
     */
    private Map<String, String> readMetadata(String name) throws IOException {
        Path sidecar = directory.resolve(name + METADATA_SUFFIX);
        if (Files.isRegularFile(sidecar)) {
            return JSON.readValue(sidecar.toFile(), new TypeReference<TreeMap<String, String>>() { });
        }
        Path sha = directory.resolve(name + SHA256_SUFFIX);
        if (Files.isRegularFile(sha)) {
            String line = Files.readString(sha, StandardCharsets.US_ASCII).trim();
            int space = line.indexOf(' ');
            if (space == 64) {
                return Map.of(ObjectMetadata.SHA256, line.substring(0, space));
            }
        }
        return Map.of();
    }

    private StoredObject describe(Path file, Map<String, String> metadata) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new StoredObject(file.getFileName().toString(), attributes.size(), attributes.lastModifiedTime().toInstant(),
                metadata, file.toString());
    }

    private static String describeCause(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the bucket's file system cannot rename atomically; use a local directory", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Gives the complete object its final name without ever replacing an existing object: a hard
     * link fails if the name is taken (rename would silently overwrite), then the partial name goes.
     */
    private static void publish(Path partial, Path target) throws IOException {
        try {
            Files.createLink(target, partial);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw alreadyExists(target, e);
        }
        Files.delete(partial);
    }

    private static BucketException alreadyExists(Path target, Exception cause) {
        return new BucketException("an object named " + target.getFileName() + " already exists in " + target.getParent()
                + ": two backups started in the same second; the older one was kept", cause);
    }

    private static void deleteQuietly(Path file, Exception cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a plain object name: " + name);
        }
    }

    @Override
    public String describe() {
        return "file:" + directory;
    }
}

package io.sqlbackup.bucket;

import io.sqlbackup.SqlBackupException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A directory as a bucket. Objects are written to a hidden partial file, synced, then renamed
 * atomically, so a reader (or a crash) never sees half an archive under a final name. Beside each
 * object, {@code NAME.sha256} holds its digest in the format {@code sha256sum -c} reads.
 */
public final class LocalBucket implements Bucket {

    private static final int BUFFER = 1 << 20;

    private final Path directory;

    public LocalBucket(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        checkWritable();
    }

    /** Fails now, before any server is touched, if objects could not be written here. */
    private void checkWritable() {
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

    public Path directory() {
        return directory;
    }

    @Override
    public StoredObject put(String name, InputStream content) {
        checkName(name);
        Path target = directory.resolve(name);
        Path partial = directory.resolve("." + name + "." + UUID.randomUUID() + ".partial");
        MessageDigest sha256 = sha256();
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
            String digest = HexFormat.of().formatHex(sha256.digest());
            publish(partial, target);
            writeAtomically(directory.resolve(name + ".sha256"), digest + "  " + name + "\n");
            return new StoredObject(name, size, Instant.now(), digest, target.toString());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial, e);
            // A failure upstream (dump, key) reaches us through the stream; report it, not the write.
            SqlBackupException upstream = SqlBackupException.findIn(e);
            if (upstream != null) {
                throw upstream;
            }
            throw new BucketException("writing " + name + " to " + directory + " failed: " + describeCause(e), e);
        }
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
            Files.writeString(tmp, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            move(tmp, file);
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
            throw new BucketException("an object named " + target.getFileName() + " already exists in " + target.getParent()
                    + ": two backups started in the same second; the older one was kept", e);
        }
        Files.delete(partial);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the bucket's file system cannot rename atomically; use a local directory", e);
        }
    }

    private static void deleteQuietly(Path file, Exception cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a plain object name: " + name);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String describe() {
        return "file:" + directory;
    }
}

package io.sqlbackup.archive;

import io.sqlbackup.archive.ArchiveException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Writes the entries of an archive into a directory, for {@code sqlbackup extract} and anything
 * else that needs the dump as files (myloader reads a directory).
 *
 * <p>Nothing is overwritten: each file is written to a hidden {@code .NAME.partial} file, synced,
 * then linked under its name, which fails if the name is taken; a file cut short by a failure is
 * removed, so every file under its final name is complete. Files and the directories created
 * for them are private to the owner (they hold table data), and the directories are synced at the
 * end. Names are checked again here, and an existing symbolic link in the target is never
 * written through. The directory may already hold other files.
 */
public final class UnpackedDirectory {

    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** What was written. */
    public record Summary(int files, long bytes) {
    }

    private UnpackedDirectory() {
    }

    /**
     * Writes every entry into {@code directory} (created if missing) and returns how many files
     * and bytes were written. Does not close {@code entries}.
     */
    public static Summary write(UnpackedEntries entries, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path root = directory.toRealPath();
        Set<Path> directories = new LinkedHashSet<>();
        directories.add(root);
        int files = 0;
        long bytes = 0;
        for (UnpackedEntry entry = entries.next(); entry != null; entry = entries.next()) {
            Path target = target(root, entry.name());
            Path parent = target.getParent();
            createParents(root, parent, directories);
            directories.add(parent);
            bytes += writeFile(parent, target, entry.content());
            files++;
        }
        for (Path d : directories) {
            sync(d);
        }
        return new Summary(files, bytes);
    }

    private static Path target(Path root, String name) {
        String normalised = EntryNames.normalise("the archive", name);
        Path target = root.resolve(normalised).normalize();
        if (normalised.isEmpty() || !normalised.equals(name) || !target.startsWith(root) || target.equals(root)) {
            throw new ArchiveException(Reason.UNSAFE_ENTRY, "entry '" + EntryNames.printable(name)
                    + "' would not be a file inside " + root + "; nothing was written for it");
        }
        return target;
    }

    private static void createParents(Path root, Path parent, Set<Path> created) throws IOException {
        Path current = root;
        for (Path part : root.relativize(parent)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new ArchiveException(Reason.UNSAFE_ENTRY, current + " is a symbolic link: refusing to write through it");
            }
            if (Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.createDirectory(current, DIRECTORY_MODE);
                created.add(current);
            } catch (FileAlreadyExistsException e) {
                throw new ArchiveException(Reason.TARGET_EXISTS, current + " already exists and is not a directory: "
                        + "extract into an empty directory", null, e);
            }
        }
    }

    private static long writeFile(Path parent, Path target, InputStream content) throws IOException {
        Path partial = parent.resolve("." + target.getFileName() + ".partial");
        long written = 0;
        try {
            try (FileChannel out = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    FILE_MODE)) {
                byte[] buffer = new byte[1 << 20];
                for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                    ByteBuffer data = ByteBuffer.wrap(buffer, 0, n);
                    while (data.hasRemaining()) {
                        out.write(data);
                    }
                    written += n;
                }
                out.force(true);
            } catch (FileAlreadyExistsException e) {
                throw new ArchiveException(Reason.TARGET_EXISTS, partial + " already exists (left by an extraction that"
                        + " was stopped?): remove it, or extract into an empty directory", null, e);
            }
            publish(partial, target);
            return written;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Puts the complete file under its name; a hard link cannot replace an existing file, a rename could. */
    private static void publish(Path partial, Path target) throws IOException {
        try {
            Files.createLink(target, partial);
        } catch (FileAlreadyExistsException e) {
            throw new ArchiveException(Reason.TARGET_EXISTS, target + " already exists: sqlbackup never overwrites;"
                    + " extract into an empty directory, or remove the file", null, e);
        } catch (UnsupportedOperationException | FileSystemException e) {
            // A file system without hard links: a rename without REPLACE_EXISTING refuses an
            // existing name too, if not atomically.
            try {
                Files.move(partial, target);
            } catch (FileAlreadyExistsException exists) {
                throw new ArchiveException(Reason.TARGET_EXISTS, target + " already exists: sqlbackup never overwrites;"
                        + " extract into an empty directory, or remove the file", null, exists);
            }
        }
    }

    private static void sync(Path directory) throws IOException {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}

package io.sqlbackup.ops;

import io.sqlbackup.BackupHeaders;
import io.sqlbackup.SqlBackupException;
import io.sqlbackup.archive.UnpackedDirectory;
import io.sqlbackup.archive.UnpackedEntries;
import io.sqlbackup.manifest.ManifestCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * {@code sqlbackup extract}: unpacks an archive into a directory myloader can load, checking every
 * entry against the manifest on the way (files private to the owner: they hold table data). Files go into a hidden staging directory beside the
 * target, which takes the target's name only when everything was written and matched: a failed
 * extract leaves no directory that looks complete.
 */
public final class ArchiveExtractor {

    public ArchiveReport extract(@Body UnpackedEntries entries, @Header(BackupHeaders.OBJECT_NAME) String archive,
                                 @Header(BackupHeaders.OBJECT_SHA256) String sha256,
                                 @Header(BackupHeaders.EXTRACT_DIRECTORY) String directory) throws IOException {
        Path target = Path.of(directory).toAbsolutePath().normalize();
        checkTarget(target);
        Path staging = target.resolveSibling("." + target.getFileName() + ".partial-" + UUID.randomUUID());
        try (ManifestCheck check = new ManifestCheck(entries, archive)) {
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            UnpackedDirectory.write(check, staging);
            Files.deleteIfExists(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return new ArchiveReport(archive, sha256, check.entries(), check.bytes(), check.manifest(), target);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging, e);
            throw e;
        }
    }

    /** Checked before anything is downloaded, too (by the command), and again here. */
    public static void checkTarget(Path target) {
        if (Files.isDirectory(target)) {
            try (Stream<Path> children = Files.list(target)) {
                if (children.findAny().isPresent()) {
                    throw new SqlBackupException(target + " is not empty: extract into a new or empty directory");
                }
            } catch (IOException e) {
                throw new SqlBackupException("cannot read " + target + ": " + e.getMessage());
            }
        } else if (Files.exists(target)) {
            throw new SqlBackupException(target + " exists and is not a directory: extract into a new or empty directory");
        }
        Path parent = target.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new SqlBackupException("the parent directory " + parent + " does not exist: create it first");
        }
    }

    private static void deleteTree(Path root, Exception cause) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}

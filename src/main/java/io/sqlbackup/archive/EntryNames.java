package io.sqlbackup.archive;

import io.sqlbackup.archive.ArchiveException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * What an entry of an archive may be called and be: a plain file or directory whose path, once
 * normalised, stays inside the directory it is unpacked into. Everything else (absolute paths,
 * {@code ..}, links, devices, fifos) is refused before a byte of it is handed on, because an
 * archive restored as root could otherwise write anywhere.
 */
final class EntryNames {

    private EntryNames() {
    }

    /**
     * The normalised name of a file entry, or null for a directory entry (which carries nothing to
     * unpack); refuses unsafe names and types with an {@link ArchiveException} naming both.
     */
    static String fileName(String archive, TarReader.Header header) {
        String name = normalise(archive, header.name());
        switch (header.type()) {
            case FILE -> {
                if (name.isEmpty()) {
                    throw unsafe(archive, header.name(), "a file entry with no name");
                }
                return name;
            }
            case DIRECTORY -> {
                return null;
            }
            case SYMLINK -> throw unsafe(archive, header.name(), "it is a symbolic link (to " + printable(header.linkName()) + ")");
            case HARD_LINK -> throw unsafe(archive, header.name(), "it is a hard link (to " + printable(header.linkName()) + ")");
            case CHARACTER_DEVICE, BLOCK_DEVICE -> throw unsafe(archive, header.name(), "it is a device");
            case FIFO -> throw unsafe(archive, header.name(), "it is a fifo");
            default -> throw unsafe(archive, header.name(), "it is a tar entry of type '" + printable(String.valueOf(header.flag()))
                    + "' (sparse file, volume label or the like), which sqlbackup does not unpack");
        }
    }

    /**
     * The path without a leading {@code ./}, {@code .} or empty components; the root ({@code ./})
     * becomes the empty string. Absolute paths and any {@code ..} component are refused.
     */
    static String normalise(String archive, String name) {
        if (name.isEmpty()) {
            throw unsafe(archive, name, "an entry with no name");
        }
        if (name.startsWith("/")) {
            throw unsafe(archive, name, "it is an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw unsafe(archive, name, "it climbs out of the directory with ..");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static ArchiveException unsafe(String archive, String entry, String why) {
        return new ArchiveException(Reason.UNSAFE_ENTRY, archive + " holds an unsafe entry '" + printable(entry) + "': " + why
                + ". Nothing of it was unpacked. Archives written by sqlbackup or mydumper hold only plain files:"
                + " this one was made by something else or tampered with.");
    }

    /** The name with control characters replaced, so a hostile name cannot play tricks on a terminal or a log. */
    static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}

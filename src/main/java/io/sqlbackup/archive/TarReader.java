package io.sqlbackup.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a tar stream header by header, handing out each entry's data as it is read. It reads the
 * ustar, GNU and POSIX (pax) forms that GNU tar, bsdtar and commons-compress write: long names
 * from GNU {@code L}/{@code K} records or pax {@code path}/{@code linkpath}, sizes from octal,
 * base-256 or pax {@code size}.
 *
 * <p>Written here rather than taken from commons-compress because restoring must never take a
 * damaged archive for a good one, and its TarArchiveInputStream (1.28) does: it accepts a header
 * whose checksum is wrong, a header cut short, and a stream that stops without the end-of-archive
 * marker. This reader verifies every header checksum, fails with {@link EOFException} wherever
 * the stream ends early, returns null only at the end-of-archive marker, and caps the metadata
 * records it holds in memory (long names, pax headers).
 */
final class TarReader {

    static final int BLOCK = 512;
    /** A long name or pax header bigger than this is not plausible; refuse rather than buffer it. */
    private static final int MAX_METADATA = 1 << 20;

    /** What an entry is; only files and directories are ever unpacked. */
    enum Type { FILE, DIRECTORY, SYMLINK, HARD_LINK, CHARACTER_DEVICE, BLOCK_DEVICE, FIFO, OTHER }

    /**
     * One entry's header, long names and pax records applied.
     *
     * @param name     the path as the archive spells it (not yet normalised or checked)
     * @param type     what the entry is
     * @param flag     the raw typeflag, for messages about types sqlbackup does not unpack
     * @param size     bytes of data that follow the header
     * @param linkName the target of a link entry, else empty
     */
    record Header(String name, Type type, char flag, long size, String linkName) {
    }

    /** The tar structure itself is broken: a header checksum, a number field, a pax record. */
    static final class TarFormatException extends IOException {
        TarFormatException(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final byte[] block = new byte[BLOCK];
    private final byte[] scratch = new byte[64 * 1024];
    private long remaining;
    private long padding;
    private boolean atEnd;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** Bytes of the current entry's data not read yet. */
    long remaining() {
        return remaining;
    }

    /**
     * Skips what is left of the current entry and returns the next header, or null at the
     * end-of-archive marker (two zero blocks, or one zero block at the very end of the stream, which
     * GNU tar accepts too).
     */
    Header next() throws IOException {
        if (atEnd) {
            return null;
        }
        skip(remaining);
        remaining = 0;
        skip(padding);
        padding = 0;
        String longName = null;
        String longLink = null;
        Pax pax = null;
        while (true) {
            readBlock("header");
            if (isZero(block)) {
                int n = in.readNBytes(block, 0, BLOCK);
                if (n > 0 && n < BLOCK) {
                    throw new EOFException("the tar stream ends inside its end-of-archive marker");
                }
                if (n == BLOCK && !isZero(block)) {
                    throw new TarFormatException("a zero block in the middle of the tar stream");
                }
                atEnd = true;
                return null;
            }
            verifyChecksum();
            char flag = (char) (block[156] & 0xff);
            long size = number(124, 12, "size");
            switch (flag) {
                case 'x' -> {
                    pax = Pax.parse(readMetadata(size, "pax header"));
                    continue;
                }
                case 'g' -> {
                    readMetadata(size, "global pax header"); // defaults for later entries; none that matter here
                    continue;
                }
                case 'L' -> {
                    longName = cString(readMetadata(size, "GNU long name"), 0, (int) size);
                    continue;
                }
                case 'K' -> {
                    longLink = cString(readMetadata(size, "GNU long link name"), 0, (int) size);
                    continue;
                }
                default -> {
                }
            }
            String name = longName != null ? longName : headerName();
            String link = longLink != null ? longLink : cString(block, 157, 100);
            if (pax != null) {
                name = pax.path != null ? pax.path : name;
                link = pax.linkPath != null ? pax.linkPath : link;
                size = pax.size >= 0 ? pax.size : size;
            }
            Type type = type(flag, name, pax != null && pax.sparse);
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            return new Header(name, type, flag, size, link);
        }
    }

    /** Reads the current entry's data; -1 at its end. Fails with EOFException if the stream ends first. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the tar stream ends inside an entry");
        }
        remaining -= n;
        return n;
    }

    private static Type type(char flag, String name, boolean sparse) {
        if (sparse) {
            return Type.OTHER;
        }
        return switch (flag) {
            // Pre-POSIX tars mark a directory only by its trailing slash.
            case '0', '\0' -> name.endsWith("/") ? Type.DIRECTORY : Type.FILE;
            case '7' -> Type.FILE; // contiguous file: a regular file to everyone but one old Unix
            case '5' -> Type.DIRECTORY;
            case '1' -> Type.HARD_LINK;
            case '2' -> Type.SYMLINK;
            case '3' -> Type.CHARACTER_DEVICE;
            case '4' -> Type.BLOCK_DEVICE;
            case '6' -> Type.FIFO;
            default -> Type.OTHER; // GNU sparse, multi-volume, volume label, dumpdir...
        };
    }

    private String headerName() throws IOException {
        String name = cString(block, 0, 100);
        // POSIX ustar ("ustar\0") splits long paths into prefix + name; the GNU form ("ustar  ")
        // keeps other fields where the prefix would be.
        boolean posix = block[257] == 'u' && block[258] == 's' && block[259] == 't' && block[260] == 'a'
                && block[261] == 'r' && block[262] == 0;
        if (posix) {
            String prefix = cString(block, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private void verifyChecksum() throws IOException {
        long stored = number(148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = (i >= 148 && i < 156) ? (byte) ' ' : block[i];
            unsigned += b & 0xff;
            signed += b;
        }
        // Some old tars summed signed bytes; both are accepted, as GNU tar does.
        if (stored != unsigned && stored != signed) {
            throw new TarFormatException("a tar header's checksum does not match (stored " + stored + ", computed "
                    + unsigned + ")");
        }
    }

    /** An octal field (space or NUL terminated), or a base-256 one (first byte's high bit set, as GNU tar writes sizes over 8 GiB). */
    private long number(int offset, int length, String field) throws IOException {
        if ((block[offset] & 0x80) != 0) {
            if ((block[offset] & 0x40) != 0) {
                throw new TarFormatException("a tar header's " + field + " is negative");
            }
            long value = block[offset] & 0x3f;
            for (int i = offset + 1; i < offset + length; i++) {
                if (value >>> 55 != 0) {
                    throw new TarFormatException("a tar header's " + field + " is too large");
                }
                value = (value << 8) | (block[i] & 0xff);
            }
            return value;
        }
        int i = offset;
        int end = offset + length;
        while (i < end && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        long value = 0;
        boolean digits = false;
        for (; i < end && block[i] != ' ' && block[i] != 0; i++) {
            int d = block[i] - '0';
            if (d < 0 || d > 7 || value >>> 60 != 0) {
                throw new TarFormatException("a tar header's " + field + " field is not an octal number");
            }
            value = value * 8 + d;
            digits = true;
        }
        for (; i < end; i++) {
            if (block[i] != ' ' && block[i] != 0) {
                throw new TarFormatException("a tar header's " + field + " field is not an octal number");
            }
        }
        if (!digits && !field.equals("size")) {
            throw new TarFormatException("a tar header's " + field + " field is empty");
        }
        return value;
    }

    private byte[] readMetadata(long size, String what) throws IOException {
        if (size > MAX_METADATA) {
            throw new TarFormatException("a " + what + " of " + size + " bytes is not plausible");
        }
        byte[] data = new byte[(int) size];
        if (in.readNBytes(data, 0, data.length) < data.length) {
            throw new EOFException("the tar stream ends inside a " + what);
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private void readBlock(String what) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n < BLOCK) {
            throw new EOFException(n == 0 ? "the tar stream ends before its end-of-archive marker"
                    : "the tar stream ends inside a " + what);
        }
    }

    private void skip(long bytes) throws IOException {
        // Read, not InputStream.skip: every byte must pass through the decompressor's checks and
        // the ceiling on unpacked bytes.
        while (bytes > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, bytes));
            if (n < 0) {
                throw new EOFException("the tar stream ends inside an entry");
            }
            bytes -= n;
            remaining = Math.max(0, remaining - n);
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** A NUL-terminated (or full-length) UTF-8 field; names that are not UTF-8 are refused rather than guessed. */
    static String cString(byte[] b, int offset, int length) throws TarFormatException {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return utf8(b, offset, end - offset);
    }

    private static String utf8(byte[] b, int offset, int length) throws TarFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new TarFormatException("a tar entry name is not valid UTF-8");
        }
    }

    /** The pax records that matter here: path, linkpath, size, and whether the entry is a GNU sparse file. */
    private static final class Pax {
        String path;
        String linkPath;
        long size = -1;
        boolean sparse;

        /** Records are {@code "LENGTH key=value\n"}, LENGTH counting the whole record in bytes. */
        static Pax parse(byte[] data) throws TarFormatException {
            Pax pax = new Pax();
            int pos = 0;
            while (pos < data.length) {
                if (data[pos] == 0) {
                    break; // NUL padding some writers leave after the last record
                }
                int space = pos;
                int length = 0;
                while (space < data.length && data[space] != ' ') {
                    int d = data[space] - '0';
                    if (d < 0 || d > 9 || length > MAX_METADATA) {
                        throw new TarFormatException("a pax header record has no valid length");
                    }
                    length = length * 10 + d;
                    space++;
                }
                int end = pos + length;
                if (space >= data.length || length == 0 || end > data.length || end <= space + 1 || data[end - 1] != '\n') {
                    throw new TarFormatException("a pax header record is malformed");
                }
                String record = utf8(data, space + 1, end - space - 2);
                int eq = record.indexOf('=');
                if (eq <= 0) {
                    throw new TarFormatException("a pax header record has no key");
                }
                String key = record.substring(0, eq);
                String value = record.substring(eq + 1);
                switch (key) {
                    case "path" -> pax.path = value;
                    case "linkpath" -> pax.linkPath = value;
                    case "size" -> pax.size = paxSize(value);
                    default -> {
                        if (key.startsWith("GNU.sparse.")) {
                            pax.sparse = true;
                        }
                    }
                }
                pos = end;
            }
            return pax;
        }

        private static long paxSize(String value) throws TarFormatException {
            try {
                long size = Long.parseLong(value);
                if (size >= 0) {
                    return size;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TarFormatException("a pax header's size is not a number of bytes");
        }
    }
}

package io.sqlbackup.archive;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** The compressors behind {@link Compression}, and the decompressor an archive's first bytes call for. */
final class Codecs {

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    /** Where a POSIX or GNU tar header holds "ustar". */
    private static final int TAR_MAGIC_OFFSET = 257;
    private static final byte[] TAR_MAGIC = {'u', 's', 't', 'a', 'r'};

    private Codecs() {
    }

    /** {@code threads} as configured: 0 (or less) means every core of this machine. */
    static int threads(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    static OutputStream compressor(Compression compression, int level, int threads, OutputStream out) throws IOException {
        compression.checkLevel(level);
        int workers = threads(threads);
        return switch (compression) {
            case GZIP -> new ParallelGzipOutputStream(out, level, workers);
            case ZSTD -> {
                ZstdOutputStream z = new ZstdOutputStream(out, level);
                // zstd's own worker threads compress in parallel while producing one standard frame.
                z.setWorkers(workers);
                z.setChecksum(true);
                yield z;
            }
        };
    }

    /**
     * Lets go of a compressor whose stream was abandoned before its end: stops the gzip workers at
     * once; a zstd stream is closed, which frees its native context and threads (what it writes on
     * the way out goes to a buffer nobody reads).
     */
    static void abandon(OutputStream compressor) throws IOException {
        if (compressor instanceof ParallelGzipOutputStream gzip) {
            gzip.abort();
        } else if (compressor != null) {
            compressor.close();
        }
    }

    /** The codec an archive starts with: gzip or zstd by their magic bytes, or a plain tar. */
    enum Detected { GZIP, ZSTD, TAR, EMPTY, UNKNOWN }

    /** Looks at the first bytes without consuming them; {@code in} must support mark/reset. */
    static Detected detect(BufferedInputStream in) throws IOException {
        in.mark(512);
        byte[] head = in.readNBytes(512);
        in.reset();
        if (head.length == 0) {
            return Detected.EMPTY;
        }
        if (startsWith(head, GZIP_MAGIC)) {
            return Detected.GZIP;
        }
        if (startsWith(head, ZSTD_MAGIC)) {
            return Detected.ZSTD;
        }
        int tarMagicEnd = TAR_MAGIC_OFFSET + TAR_MAGIC.length;
        if (head.length >= tarMagicEnd && Arrays.equals(head, TAR_MAGIC_OFFSET, tarMagicEnd, TAR_MAGIC, 0, TAR_MAGIC.length)) {
            return Detected.TAR;
        }
        return Detected.UNKNOWN;
    }

    /**
     * The decompressed stream. gzip reads every member of a multi-member file (pigz with
     * {@code --independent}, or files joined with cat) and checks each member's CRC-32 and length;
     * zstd reads every frame and checks the frame checksums; both fail on a stream that ends early.
     */
    static InputStream decompressor(Detected codec, BufferedInputStream in) throws IOException {
        return switch (codec) {
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case ZSTD -> new ZstdInputStream(in);
            case TAR -> in;
            case EMPTY, UNKNOWN -> throw new IllegalArgumentException("no decompressor for " + codec);
        };
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}

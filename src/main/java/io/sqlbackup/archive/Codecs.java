package io.sqlbackup.archive;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** The compressors behind {@link Compression}. */
final class Codecs {

    private Codecs() {
    }

    static OutputStream compressor(Compression compression, int level, OutputStream out) throws IOException {
        compression.checkLevel(level);
        return switch (compression) {
            case GZIP -> new LeveledGzipOutputStream(out, level);
            case ZSTD -> {
                ZstdOutputStream z = new ZstdOutputStream(out, level);
                // zstd's own worker threads compress in parallel while producing one standard frame.
                z.setWorkers(Runtime.getRuntime().availableProcessors());
                z.setChecksum(true);
                yield z;
            }
        };
    }

    /** GZIPOutputStream with a chosen level; the JDK's constructor only offers the default 6. */
    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
            def.setStrategy(Deflater.DEFAULT_STRATEGY);
        }
    }
}

package io.sqlbackup.archive;

import io.sqlbackup.crypto.OpensslEncryptingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The backup's compress + encrypt stages on a dump directory, for bench/compress-encrypt.sh:
 * the files go in as dump entries (one whole file in memory at a time, as the dump hands over one
 * chunk at a time), through {@link TarPackStream} and {@link OpensslEncryptingInputStream}, into a
 * file, all pulled by this thread as {@code bucket:put} pulls them. Not a command of the CLI.
 *
 * <pre>java -cp target/sqlbackup.jar io.sqlbackup.archive.PackBenchmark DIR OUT gzip|zstd LEVEL THREADS KEY_FILE</pre>
 *
 * THREADS 0 means one per core. KEY_FILE's first line is the passphrase, as {@code openssl -pass file:}
 * reads it. Prints one line: input bytes, output bytes, seconds, MB/s of input.
 */
public final class PackBenchmark {

    private PackBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: PackBenchmark DIR OUT gzip|zstd LEVEL THREADS KEY_FILE");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Compression compression = Compression.parse(args[2]);
        int level = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        byte[] key = firstLine(Path.of(args[5]));

        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        long input = 0;
        for (Path f : files) {
            input += Files.size(f);
        }
        long started = System.nanoTime();
        try (InputStream packed = new TarPackStream(new DirectoryEntries(dir, files), compression, level, threads, Instant.now());
                InputStream encrypted = new OpensslEncryptingInputStream(packed, key, 10000);
                OutputStream file = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n = encrypted.read(buffer); n >= 0; n = encrypted.read(buffer)) {
                file.write(buffer, 0, n);
            }
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "input_bytes=%d output_bytes=%d seconds=%.2f input_mb_per_s=%.1f threads=%d%n", input,
                Files.size(out), seconds, input / 1e6 / seconds, Codecs.threads(threads));
    }

    private static byte[] firstLine(Path keyFile) throws IOException {
        byte[] bytes = Files.readAllBytes(keyFile);
        int end = 0;
        while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
            end++;
        }
        byte[] key = Arrays.copyOf(bytes, end);
        Arrays.fill(bytes, (byte) 0);
        return key;
    }

    /** The files of a dump directory as dump entries, read one at a time as the archive asks for them. */
    /** Files of a directory as dump entries, in the order given, each read when the pack stage asks for it. */
    static final class DirectoryEntries implements EntrySource {
        private final Path dir;
        private final Deque<Path> files;

        DirectoryEntries(Path dir, List<Path> files) {
            this.dir = dir;
            this.files = new ArrayDeque<>(files);
        }

        @Override
        public ArchiveEntry next() throws IOException {
            Path f = files.poll();
            if (f == null) {
                return null;
            }
            byte[] data = Files.readAllBytes(f);
            return new ArchiveEntry(dir.relativize(f).toString(), data, data.length);
        }

        @Override
        public void close() {
            files.clear();
        }
    }
}

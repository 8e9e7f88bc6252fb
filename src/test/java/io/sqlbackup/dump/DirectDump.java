package io.sqlbackup.dump;

import io.sqlbackup.archive.ArchiveEntry;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.manifest.Manifest;
import io.sqlbackup.manifest.ManifestJson;
import io.sqlbackup.server.ServerAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the dump engine without the rest of the backup route, so a test can act between two files. */
final class DirectDump {

    private DirectDump() {
    }

    static DumpOptions options(int threads, long chunkSize, String databases, String exclude) {
        return new DumpOptions(patterns(databases), patterns(exclude), chunkSize, Math.min(chunkSize, 8192), threads,
                Duration.ofSeconds(60), true, true);
    }

    private static List<NamePattern> patterns(String text) {
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(NamePattern::of).toList();
    }

    static ServerAccess access(MariaDbServer server) {
        return new ServerAccess("source", server.jdbcUrl(), "root", "");
    }

    static DumpEntries open(MariaDbServer server, DumpOptions options) {
        return new DumpEntries(SourceSnapshot.open(access(server), options), options, new DumpProgress());
    }

    /** Every file of a complete dump, in archive order. */
    static Map<String, byte[]> all(MariaDbServer server, DumpOptions options) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (DumpEntries dump = open(server, options)) {
            for (ArchiveEntry e; (e = dump.next()) != null; ) {
                files.put(e.name(), Arrays.copyOf(e.data(), e.length()));
            }
        }
        return files;
    }

    static Manifest manifest(Map<String, byte[]> files) {
        return ManifestJson.read(files.get(Manifest.NAME), "test dump");
    }

    static Path write(Map<String, byte[]> files, Path dir) throws Exception {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        return dir;
    }

    static String text(Map<String, byte[]> files, String name) {
        return new String(files.get(name), StandardCharsets.UTF_8);
    }
}

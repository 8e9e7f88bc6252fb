package io.sqlbackup.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar operators run, not the test class path: the demo through {@code java -Xmx256m -jar}
 * takes a backup, restores it through the inbox and re-syncs replication, so every component the
 * routes use must be in the shaded jar.
 */
class PackagedJarIT {

    @Test
    void theDemoRunsFromThePackagedJar(@TempDir Path tmp) throws Exception {
        Path jar = Path.of(System.getProperty("sqlbackup.jar", "target/sqlbackup.jar"));
        assertTrue(Files.exists(jar), "no " + jar + ": mvn package first");
        Path log = tmp.resolve("demo.out");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString(), "demo", "--wikis", "1", "--pages", "100", "--dir", tmp.resolve("demo-data").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the demo did not end within 5 minutes: " + read(log));
        }
        String out = read(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Restore Succeeded"), out);
        assertTrue(out.contains("Slave_IO_Running=Yes, Slave_SQL_Running=Yes"), out);
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}

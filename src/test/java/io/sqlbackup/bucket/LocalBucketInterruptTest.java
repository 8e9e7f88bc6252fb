package io.sqlbackup.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command stopped while it writes an object (SIGTERM, as Ctrl-C) leaves nothing in a local bucket. */
class LocalBucketInterruptTest {

    @Test
    void aPutStoppedBySignalLeavesNoPartialFile(@TempDir Path bucket) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), PutInChildJvm.class.getName(),
                bucket.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("writing")) {
                // the child's log lines
            }
            assertEquals("writing", line, "the child started writing");
            assertEquals(1, files(bucket).size(), "the partial file is there while it writes: " + files(bucket));
            child.destroy();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child stopped");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(List.of(), files(bucket), "nothing is left in the bucket");
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}

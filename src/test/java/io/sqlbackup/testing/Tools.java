package io.sqlbackup.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real command line tools the compatibility tests run: openssl, tar, gzip, zstd, mydumper,
 * myloader. A missing tool skips the test with a message, unless the system property
 * {@code sqlbackup.test.require-tools} is true (CI sets it), which turns the skip into a failure.
 */
public final class Tools {

    private Tools() {
    }

    public static void require(String... tools) {
        boolean mandatory = Boolean.getBoolean("sqlbackup.test.require-tools");
        for (String tool : tools) {
            boolean present = exists(tool);
            String message = tool + " is not installed; install it (Debian: openssl, tar, gzip, zstd, mydumper) to run this"
                    + " compatibility test";
            if (mandatory) {
                Assertions.assertTrue(present, message + " (sqlbackup.test.require-tools=true)");
            } else {
                Assumptions.assumeTrue(present, message);
            }
        }
    }

    private static boolean exists(String tool) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Output and exit status of a finished command. */
    public record Result(int exit, String output) {
    }

    /** Runs a shell pipeline and returns its exit status and combined output. */
    public static Result shell(Path workDir, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("bash", "-o", "pipefail", "-c", script)).directory(workDir.toFile())
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + script);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs a shell pipeline and fails the test when it fails. */
    public static String shellOk(Path workDir, String script) throws IOException, InterruptedException {
        Result r = shell(workDir, script);
        Assertions.assertEquals(0, r.exit(), () -> "command failed: " + script + "\n" + r.output());
        return r.output();
    }
}

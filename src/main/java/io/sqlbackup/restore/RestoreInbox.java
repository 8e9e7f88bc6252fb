package io.sqlbackup.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Body;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Restore commands as files: {@code NAME.json} dropped into the inbox. Beside it,
 * {@code NAME.json.status.json} says where the command stands (queued, running with progress,
 * succeeded or failed, with the steps). The command file stays in the inbox until its restore has
 * ended, so a command survives a restart of the service; then both files move to {@code done/}
 * or {@code failed/}. A command found at startup whose status says it was running was cut off by
 * the restart: it is not run again by itself (a half-done restore is for an operator to look at)
 * but moved to {@code failed/}; dropping it in again runs it.
 */
public final class RestoreInbox {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreInbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROGRESS_WRITE_MILLIS = 2000;

    private final RestoreQueue queue;
    private final IdempotentRepository seen;

    /**
     * @param seen the inbox consumer's record of files taken: a file moved out is removed from it,
     *             so the same name dropped in again is a new command
     */
    public RestoreInbox(RestoreQueue queue, IdempotentRepository seen) {
        this.queue = queue;
        this.seen = seen;
    }

    public void accept(@Body File file) throws IOException {
        Path command = file.toPath();
        Path status = statusOf(command);
        if (Files.exists(status) && wasRunning(status)) {
            writeStatus(status, null, "Failed", "interrupted: sqlbackup stopped while this restore was running. The targets "
                    + "may hold a partial restore (marked unfinished); drop the command in again to run it again");
            finish(command, status, false);
            return;
        }
        RestoreCommand parsed;
        try {
            parsed = RestoreCommand.parse(Files.readString(command, StandardCharsets.UTF_8));
        } catch (BadRestoreCommandException e) {
            LOG.error("Restore command {} refused: {}", command.getFileName(), e.getMessage());
            writeStatus(status, null, "Failed", e.getMessage());
            finish(command, status, false);
            return;
        }
        queue.submit(parsed, "inbox file " + command.getFileName(), new StatusFile(command, status));
    }

    /** Keeps a command's status file current; told from the restore thread and the progress ticker. */
    private final class StatusFile implements RestoreListener {
        private final Path command;
        private final Path status;
        private long lastWrite;
        private RestorePhase lastPhase;
        private int lastSteps = -1;

        StatusFile(Path command, Path status) {
            this.command = command;
            this.status = status;
        }

        @Override
        public synchronized void changed(RestoreStatus s) {
            long now = System.currentTimeMillis();
            // phase changes and new steps are written at once; progress alone at most every 2 s
            boolean news = s.phase() != lastPhase || s.steps().size() != lastSteps;
            if (!news && now - lastWrite < PROGRESS_WRITE_MILLIS) {
                return;
            }
            lastWrite = now;
            lastPhase = s.phase();
            lastSteps = s.steps().size();
            try {
                writeStatus(status, s, s.phase().title(), s.message());
                if (s.phase().isFinal()) {
                    finish(command, status, s.phase() == RestorePhase.SUCCEEDED);
                }
            } catch (IOException e) {
                LOG.warn("Cannot write the status of {}: {}", command.getFileName(), e.toString());
            }
        }
    }

    static Path statusOf(Path command) {
        return command.resolveSibling(command.getFileName() + ".status.json");
    }

    private static boolean wasRunning(Path status) {
        try {
            return "Running".equals(JSON.readTree(status.toFile()).path("phase").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private static void writeStatus(Path status, RestoreStatus s, String phase, String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("phase", phase);
        root.put("message", message);
        if (s != null) {
            root.put("id", s.id());
            root.put("command", s.command().toJson());
            root.put("queued", s.queued().toString());
            if (s.started() != null) {
                root.put("started", s.started().toString());
            }
            if (s.finished() != null) {
                root.put("finished", s.finished().toString());
            }
            var steps = root.putArray("steps");
            s.steps().forEach(step -> steps.add(step.toString()));
        }
        Path tmp = status.resolveSibling("." + status.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        move(tmp, status);
    }

    private void finish(Path command, Path status, boolean succeeded) throws IOException {
        Path dir = command.resolveSibling(succeeded ? "done" : "failed");
        Files.createDirectories(dir);
        move(status, dir.resolve(status.getFileName()));
        move(command, dir.resolve(command.getFileName()));
        seen.remove(command.toAbsolutePath().toString());
        seen.remove(command.toString());
        LOG.info("Restore command {} moved to {}/", command.getFileName(), dir.getFileName());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

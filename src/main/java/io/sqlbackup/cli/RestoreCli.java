package io.sqlbackup.cli;

import io.sqlbackup.cli.progress.ProgressOptions;
import io.sqlbackup.cli.progress.ProgressView;
import io.sqlbackup.cli.progress.RestoreProgressSource;
import io.sqlbackup.restore.RestoreCommand;
import io.sqlbackup.restore.RestorePhase;
import io.sqlbackup.restore.RestoreRun;
import io.sqlbackup.restore.RestoreStatus;
import io.sqlbackup.restore.RestoreStep;
import io.sqlbackup.service.SqlbackupService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code sqlbackup restore}: the whole restore runbook, in this process, through the same queue
 * and route the service uses, printing each step (stdout) and the progress (stderr) as it goes.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup into the primary and/or the replica and re-sync replication.",
                "Checks the archive end to end before touching a server; refuses targets that hold user databases unless --overwrite."})
final class RestoreCli implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Option(names = "--backup", defaultValue = "latest", paramLabel = "NAME",
            description = "latest (default) or an object name as `sqlbackup list` prints it.")
    String backup;

    @Option(names = "--targets", split = ",", paramLabel = "TARGET", defaultValue = "primary,replica",
            description = "primary, replica or both (default primary,replica).")
    List<String> targets;

    @Option(names = "--databases", split = ",", paramLabel = "DB",
            description = "Restore only these databases of the archive (and check only these on the targets).")
    List<String> databases;

    @Option(names = "--overwrite", description = "Replace the archive's databases on targets that already hold user databases.")
    boolean overwrite;

    @Option(names = "--no-replication", description = "Do not re-point and check the replica after loading.")
    boolean noReplication;

    @Mixin
    SourceOption source;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RestoreCommand command;
        try {
            command = RestoreCommand.parse(commandJson());
        } catch (io.sqlbackup.restore.BadRestoreCommandException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (SqlbackupService service = new SqlbackupService(config.settings(Map.of("sqlbackup.schedule.enabled", "false")),
                SqlbackupService.Needs.ARCHIVES)) {
            service.start();
            out.println("sqlbackup: " + command);
            out.flush();
            AtomicReference<RestoreRun> submitted = new AtomicReference<>();
            RestoreStatus done;
            // closed (the bar cleared) before the outcome is printed
            try (ProgressView view = progress.open("restore", new RestoreProgressSource(submitted::get), spec.commandLine().getErr())) {
                int[] stepsShown = {0};
                RestoreRun run = service.restoreQueue().submit(command, "command line", status -> view.print(() -> {
                    synchronized (out) {
                        List<RestoreStep> steps = status.steps();
                        for (int i = stepsShown[0]; i < steps.size(); i++) {
                            out.println("  " + steps.get(i));
                        }
                        stepsShown[0] = steps.size();
                        out.flush();
                    }
                }));
                submitted.set(run);
                while (!run.await(1, TimeUnit.SECONDS)) {
                    // the view reads the progress itself
                }
                done = run.status();
            }
            if (done.phase() == RestorePhase.SUCCEEDED) {
                out.println("Done: " + done.message());
                out.flush();
                return 0;
            }
            spec.commandLine().getErr().println("sqlbackup: error: restore failed: " + done.message());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    private String commandJson() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        json.put("backup", backup);
        var t = json.putArray("targets");
        targets.forEach(t::add);
        var d = json.putArray("databases");
        if (databases != null) {
            databases.forEach(d::add);
        }
        json.put("overwrite", overwrite);
        json.put("replication", !noReplication);
        if (source.name != null) {
            json.put("source", source.name);
        }
        return json.toString();
    }
}

package io.sqlbackup.cli;

import io.sqlbackup.ops.RetentionDecision;
import io.sqlbackup.ops.RetentionPlan;
import io.sqlbackup.service.SqlbackupService;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sqlbackup retention}: apply the retention policy now, through the same route backups use. */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = {"Apply the retention policy (sqlbackup.retention.*) to the bucket now and print every decision.",
                "The newest backup is always kept; objects not named like backups are never touched."})
final class RetentionCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    SourceOption source;

    @Option(names = "--dry-run", description = "Decide and print, delete nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> fixed = new HashMap<>(Map.of("sqlbackup.schedule.enabled", "false"));
        if (dryRun) {
            fixed.put("sqlbackup.retention.dry-run", "true");
        }
        try (SqlbackupService service = new SqlbackupService(source.bucketOf(config.settings(fixed)),
                SqlbackupService.Needs.BUCKET)) {
            service.start();
            RetentionPlan plan = service.retentionOnce();
            PrintWriter out = spec.commandLine().getOut();
            for (RetentionDecision d : plan.decisions()) {
                out.println(d);
            }
            out.println(plan);
            out.flush();
            return 0;
        }
    }
}

package io.sqlbackup.cli;

import io.sqlbackup.config.Settings;
import io.sqlbackup.config.SettingsLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.sqlbackup.config.BadAssignmentException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command takes to adjust the configuration. */
final class ConfigOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a configuration key, e.g. --set sqlbackup.bucket=file:/backups (repeatable).")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file layered over the embedded defaults (environment and --set still win).")
    Path configFile;

    Settings settings() {
        return settings(Map.of());
    }

    Settings settings(Map<String, String> fixed) {
        try {
            return new SettingsLoader(System.getenv()).load(configFile, assignments).with(fixed);
        } catch (BadAssignmentException e) {
            throw new CommandLine.ParameterException(command.commandLine(), e.getMessage());
        }
    }
}

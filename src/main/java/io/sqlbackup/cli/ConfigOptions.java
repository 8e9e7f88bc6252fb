package io.sqlbackup.cli;

import io.sqlbackup.config.Settings;
import io.sqlbackup.config.SettingsLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command takes to adjust the configuration. */
final class ConfigOptions {

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
        return new SettingsLoader(System.getenv()).load(configFile, assignments).with(fixed);
    }
}

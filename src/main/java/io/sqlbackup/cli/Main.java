package io.sqlbackup.cli;

import picocli.CommandLine;

/** Entry point of {@code java -jar sqlbackup.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status: 0 done, 1 failed, 2 bad usage. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new SqlbackupCommand());
        cli.setExecutionExceptionHandler(new FailureReporter());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }
}

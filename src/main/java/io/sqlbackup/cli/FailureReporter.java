package io.sqlbackup.cli;

import io.sqlbackup.SqlBackupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns a failure into one line on stderr that says what happened and which key to fix, and exit
 * status 1. The stack trace goes to the debug log only.
 */
final class FailureReporter implements CommandLine.IExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FailureReporter.class);

    @Override
    public int handleExecutionException(Exception failure, CommandLine cli, CommandLine.ParseResult parsed) {
        LOG.debug("command failed", failure);
        cli.getErr().println("sqlbackup: error: " + describe(failure));
        cli.getErr().flush();
        return 1;
    }

    static String describe(Throwable failure) {
        SqlBackupException known = SqlBackupException.findIn(failure);
        if (known != null) {
            return known.getMessage();
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message + " (run with SQLBACKUP_LOG_LEVEL=DEBUG for details)";
    }
}

package io.sqlbackup;

/**
 * A failure an operator can act on. The message says what went wrong and what to do;
 * {@link #configKey()} names the configuration key to look at, when there is one.
 * Messages never carry secrets (keys, passwords).
 */
public class SqlBackupException extends RuntimeException {

    private final String configKey;

    public SqlBackupException(String message) {
        this(message, null, null);
    }

    public SqlBackupException(String message, String configKey) {
        this(message, configKey, null);
    }

    public SqlBackupException(String message, String configKey, Throwable cause) {
        super(message, cause);
        this.configKey = configKey;
    }

    /** The configuration key whose value should be checked, or null. */
    public String configKey() {
        return configKey;
    }

    /** Finds the first sqlbackup failure in a cause chain, so wrappers (Camel, JDBC) do not hide it. */
    public static SqlBackupException findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SqlBackupException e) {
                return e;
            }
            for (Throwable s : t.getSuppressed()) {
                SqlBackupException found = findIn(s);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * One line for an operator: the message of the sqlbackup failure in the chain, else the root
     * cause's type and message.
     */
    public static String describe(Throwable failure) {
        SqlBackupException known = findIn(failure);
        if (known != null) {
            return known.getMessage();
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}

package io.sqlbackup.server;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to log in to one configured server ({@code source}, {@code primary}, {@code replica}).
 * The password stays in this object: {@link #toString()} and every message show only the
 * role, host and port.
 */
public final class ServerAccess {

    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:mariadb://([^/?]+)");

    private final String role;
    private final String url;
    private final String user;
    private final String password;

    public ServerAccess(String role, String url, String user, String password) {
        this.role = role;
        this.url = url;
        this.user = user;
        this.password = password == null ? "" : password;
        if (url == null || !url.startsWith("jdbc:mariadb://")) {
            throw new ConfigurationException("sqlbackup." + role + ".url must be a MariaDB JDBC URL such as "
                    + "jdbc:mariadb://HOST:3306/, got '" + address(url) + "'", urlKey());
        }
        if (url.contains("password=")) {
            throw new ConfigurationException("sqlbackup." + role + ".url carries a password: move it to "
                    + passwordKey() + " so it stays out of logs", urlKey());
        }
    }

    /** Reads {@code sqlbackup.ROLE.url/.user/.password}. */
    public static ServerAccess fromSettings(Settings settings, String role) {
        String prefix = "sqlbackup." + role + ".";
        return new ServerAccess(role,
                settings.require(prefix + "url", "the " + role + " server"),
                settings.get(prefix + "user", "root"),
                settings.get(prefix + "password", ""));
    }

    public String role() {
        return role;
    }

    public String user() {
        return user;
    }

    /** HOST:PORT, safe to print. */
    public String address() {
        return address(url);
    }

    private static String address(String url) {
        if (url == null) {
            return "";
        }
        Matcher m = HOST_PORT.matcher(url);
        return m.find() ? m.group(1) : url.replaceAll("[?].*$", "");
    }

    public String urlKey() {
        return "sqlbackup." + role + ".url";
    }

    public String passwordKey() {
        return "sqlbackup." + role + ".password";
    }

    /**
     * Opens a session with the settings every sqlbackup session needs: UTC, so TIMESTAMP values
     * are written and read back unchanged, and no automatic reconnect that could silently drop a snapshot.
     */
    public Connection connect() {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10000");
        props.setProperty("sessionVariables", "time_zone='+00:00'");
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw explain(e);
        }
    }

    /** Turns a login failure into a message that names the cause and the key to fix. */
    public ServerUnavailableException explain(SQLException e) {
        if (e.getErrorCode() == 1045 || "28000".equals(e.getSQLState())) {
            return new ServerUnavailableException("the " + role + " server at " + address() + " refused user '" + user
                    + "' (access denied): check sqlbackup." + role + ".user and " + passwordKey(), passwordKey(), e);
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String reason = root instanceof ConnectException ? "connection refused"
                : root instanceof UnknownHostException ? "unknown host"
                : firstLine(root.getMessage());
        return new ServerUnavailableException("cannot reach the " + role + " server at " + address() + " (" + reason
                + "): check " + urlKey() + " and that the server is running", urlKey(), e);
    }

    /** The first line of a driver message: the rest is a stack of causes no operator needs. */
    public static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public String toString() {
        return role + "@" + address();
    }
}

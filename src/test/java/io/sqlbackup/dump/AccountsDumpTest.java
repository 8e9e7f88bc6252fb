package io.sqlbackup.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.SqlBackupException;
import io.sqlbackup.archive.ArchiveEntry;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.manifest.AccountsFile;
import io.sqlbackup.manifest.AccountsFile.Account;
import io.sqlbackup.manifest.AccountsFile.Group;
import io.sqlbackup.testing.TestServers;
import io.sqlbackup.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sqlbackup-accounts.txt} against real servers: every account and role of a source, applied
 * statement by statement (or whole, by the mariadb client) to another server, comes out with the
 * same SHOW CREATE USER and SHOW GRANTS FOR, also over accounts that already exist there and when
 * applied twice.
 */
class AccountsDumpTest {

    /** Objects that object-level grants name, on the source and on every target. */
    private static final List<String> OBJECTS = List.of(
            "INSTALL SONAME 'auth_ed25519'",
            "CREATE DATABASE app",
            "CREATE TABLE app.t (id INT PRIMARY KEY, secret INT, name VARCHAR(10))",
            "CREATE PROCEDURE app.p() SELECT 1",
            "CREATE FUNCTION app.f() RETURNS INT DETERMINISTIC RETURN 1",
            "CREATE DATABASE `we'ird``db`",
            "CREATE TABLE `we'ird``db`.`t\\'` (`c``'\\` INT)");

    private static final String AWKWARD_USER = "we'ird\\\"`x\nline ü✓";
    private static final String AWKWARD_ROLE = "ro le's\\`x\ny";

    private static final List<String> ACCOUNTS = List.of(
            "CREATE USER 'native'@'%' IDENTIFIED BY 'pw-native'",
            "CREATE USER 'ed'@'10.0.0.%' IDENTIFIED VIA ed25519 USING PASSWORD('pw-ed')",
            "CREATE USER 'multi'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('pw-multi')",
            "CREATE USER 'socket'@'%' IDENTIFIED VIA unix_socket USING 'it''s \\\\ a \"quoted\"\\nstring'",
            "CREATE USER 'nopw'@'localhost'",
            "CREATE USER ''@'localhost'",
            "CREATE USER 'locked'@'%' IDENTIFIED BY 'pw-locked' ACCOUNT LOCK",
            "CREATE USER 'expiring'@'%' IDENTIFIED BY 'pw-expiring' PASSWORD EXPIRE INTERVAL 30 DAY",
            "CREATE USER 'expired'@'%' IDENTIFIED BY 'pw-expired' PASSWORD EXPIRE",
            "CREATE USER 'never'@'%' IDENTIFIED BY 'pw-never' PASSWORD EXPIRE NEVER",
            "CREATE USER 'limited'@'%' WITH MAX_QUERIES_PER_HOUR 10 MAX_UPDATES_PER_HOUR 20 "
                    + "MAX_CONNECTIONS_PER_HOUR 30 MAX_USER_CONNECTIONS 4 MAX_STATEMENT_TIME 1.5",
            "CREATE USER 'tls'@'%' REQUIRE SSL",
            "CREATE USER 'x509'@'%' REQUIRE SUBJECT '/CN=it''s \\\\ me' AND ISSUER '/CN=ca' AND CIPHER 'AES256-SHA'",
            "CREATE USER " + literal(AWKWARD_USER) + "@'10.1.%' IDENTIFIED BY 'pw-awkward'",
            // Named so that name order is the wrong creation order: a_lead holds writer, writer holds z_base.
            "CREATE ROLE z_base",
            "CREATE ROLE writer",
            "CREATE ROLE a_lead",
            "CREATE ROLE reader",
            "CREATE ROLE " + literal(AWKWARD_ROLE),
            "GRANT SELECT ON app.* TO z_base",
            "GRANT INSERT, UPDATE ON app.t TO writer WITH GRANT OPTION",
            "GRANT EXECUTE ON FUNCTION app.f TO writer",
            "GRANT z_base TO writer",
            "GRANT writer TO a_lead",
            "GRANT SELECT (`c``'\\`) ON `we'ird``db`.`t\\'` TO " + literal(AWKWARD_ROLE),
            "GRANT reader TO 'native'@'%' WITH ADMIN OPTION",
            "GRANT a_lead TO 'ed'@'10.0.0.%'",
            "GRANT " + literal(AWKWARD_ROLE) + " TO " + literal(AWKWARD_USER) + "@'10.1.%'",
            "SET DEFAULT ROLE reader FOR 'native'@'%'",
            "SET DEFAULT ROLE a_lead FOR 'ed'@'10.0.0.%'",
            "SET DEFAULT ROLE " + literal(AWKWARD_ROLE) + " FOR " + literal(AWKWARD_USER) + "@'10.1.%'",
            "GRANT SELECT (id, name), UPDATE (name) ON app.t TO 'native'@'%'",
            "GRANT EXECUTE ON PROCEDURE app.p TO 'native'@'%'",
            "GRANT RELOAD, PROCESS ON *.* TO 'limited'@'%' WITH GRANT OPTION",
            "GRANT ALL ON `app\\_%`.* TO 'expiring'@'%'",
            "GRANT SELECT ON app.t TO 'locked'@'%' WITH GRANT OPTION",
            "GRANT PROXY ON 'nopw'@'localhost' TO 'multi'@'localhost' WITH GRANT OPTION",
            "GRANT SELECT ON app.* TO PUBLIC",
            // The harness runs with skip_name_resolve: an account whose host is a name is never loaded.
            "INSERT INTO mysql.global_priv (Host, User, Priv) VALUES ('ghost.example.com', 'ghost', '{\"access\":0}')",
            "FLUSH PRIVILEGES");

    private static final Pattern COLUMN_LIST = Pattern.compile("\\((`[^()]*`)\\)");

    private static MariaDbServer source;
    private static String text;

    @BeforeAll
    static void sourceWithAccounts() throws Exception {
        source = TestServers.fresh(60);
        run(source, OBJECTS);
        run(source, ACCOUNTS);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            // As the dump engine's session would be: inside its snapshot, and with whatever sql_mode the
            // server gives; ANSI_QUOTES would make the server quote names with double quotes.
            s.execute("SET SESSION sql_mode = 'ANSI_QUOTES,NO_BACKSLASH_ESCAPES'");
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            text = string(AccountsDump.render(c));
            assertEquals("ANSI_QUOTES,NO_BACKSLASH_ESCAPES", scalar(s, "SELECT @@SESSION.sql_mode"), "the session's sql_mode is put back");
            s.execute("COMMIT");
        }
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void fileHoldsEveryAccountRolesFirstInGrantOrderDefaultRolesLast() throws Exception {
        AccountsFile file = AccountsFile.parse(text);
        assertTrue(text.startsWith("-- sqlbackup accounts:"), text);
        assertTrue(text.contains("mariadb < sqlbackup-accounts.txt"), "the header says how to apply it");

        Set<String> expected = new TreeSet<>(accounts(source).keySet());
        expected.remove(Account.user("mariadb.sys", "localhost").label());
        List<String> dumped = file.accounts().stream().map(g -> g.account().label()).toList();
        assertEquals(expected, new TreeSet<>(dumped));
        assertEquals(dumped.size(), new HashSet<>(dumped).size(), "one group per account");
        assertTrue(expected.contains(Account.user(AWKWARD_USER, "10.1.%").label()));

        List<String> created = new ArrayList<>();
        boolean usersStarted = false;
        for (Group g : file.accounts()) {
            usersStarted |= !g.account().role();
            assertTrue(g.account().role() != usersStarted, "roles come before users: " + g.account());
            for (String s : g.statements()) {
                if (s.startsWith("GRANT `")) {
                    String role = s.substring(7, s.indexOf("` TO "));
                    assertTrue(created.contains(role.replace("``", "`")), role + " is created before " + g.account());
                }
            }
            if (g.account().role()) {
                created.add(g.account().user());
                // The server lists a role's inherited grants too, as grants to the inherited roles: not this group's.
                String to = " TO " + (g.account().user().equals("PUBLIC") ? "PUBLIC" : id(g.account().user()));
                for (String s : g.statements()) {
                    assertTrue(s.startsWith("CREATE ROLE IF NOT EXISTS ") || s.endsWith(to) || s.endsWith(to + " WITH GRANT OPTION"),
                            g.account() + ": " + s);
                }
            }
        }
        assertTrue(created.indexOf("z_base") < created.indexOf("writer") && created.indexOf("writer") < created.indexOf("a_lead"), created.toString());

        Group publicGrants = file.accounts().stream().filter(g -> g.account().equals(Account.role("PUBLIC"))).findFirst().orElseThrow();
        assertEquals(List.of("GRANT SELECT ON `app`.* TO PUBLIC"), publicGrants.statements(), "PUBLIC cannot be created, only granted to");
        assertTrue(file.accounts().stream().flatMap(g -> g.statements().stream()).noneMatch(s -> s.startsWith("SET DEFAULT ROLE")));
        assertEquals(Set.of(Account.user("native", "%"), Account.user("ed", "10.0.0.%"), Account.user(AWKWARD_USER, "10.1.%")),
                Set.copyOf(file.defaultRoles().stream().map(Group::account).toList()));
        assertTrue(file.notes().stream().anyMatch(n -> n.contains("'ghost'@'ghost.example.com'")), file.notes().toString());
        assertFalse(text.contains("mariadb.sys"), "the system account stays the target's own");
    }

    @Test
    void appliedToAnotherServerEveryAccountMatchesTheSourceAlsoTheSecondTime() throws Exception {
        try (MariaDbServer target = TestServers.fresh(61)) {
            run(target, OBJECTS);
            // Already there with other settings: the file must set them to the source's, not keep these.
            run(target, List.of(
                    "CREATE USER 'locked'@'%' IDENTIFIED BY 'other' REQUIRE SSL WITH MAX_USER_CONNECTIONS 3 PASSWORD EXPIRE NEVER",
                    "CREATE USER 'nopw'@'localhost' IDENTIFIED BY 'other' ACCOUNT LOCK",
                    "CREATE USER 'expired'@'%' IDENTIFIED BY 'other'",
                    "CREATE USER 'limited'@'%' IDENTIFIED VIA unix_socket REQUIRE X509 WITH MAX_QUERIES_PER_HOUR 99",
                    "CREATE ROLE reader"));
            AccountsFile file = AccountsFile.parse(text);
            apply(target, file);
            assertEquals(accounts(source), accounts(target));
            apply(target, file);
            assertEquals(accounts(source), accounts(target));
        }
    }

    @Test
    void theMariadbClientAppliesTheFileWhole(@TempDir Path tmp) throws Exception {
        Tools.require("mariadb");
        try (MariaDbServer target = TestServers.fresh(62)) {
            run(target, OBJECTS);
            Path file = Files.writeString(tmp.resolve(AccountsFile.NAME), text, StandardCharsets.UTF_8);
            String client = "mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P " + target.port() + " -u root < " + file;
            Tools.shellOk(tmp, client);
            assertEquals(accounts(source), accounts(target));
        }
    }

    @Test
    void aUserWhoMayNotReadAccountsIsToldWhichGrantIsMissing() throws Exception {
        try (MariaDbServer server = TestServers.fresh(63)) {
            run(server, List.of(
                    "CREATE USER 'blind'@'127.0.0.1' IDENTIFIED BY 'pw-blind'",
                    "CREATE USER 'half'@'127.0.0.1' IDENTIFIED BY 'pw-half'",
                    "GRANT SELECT ON mysql.global_priv TO 'half'@'127.0.0.1'"));
            // 'blind' cannot list the accounts; 'half' can, but the server refuses it another account's grants.
            for (String user : List.of("blind", "half")) {
                try (Connection c = DriverManager.getConnection(server.jdbcUrl(), user, "pw-" + user);
                     Statement s = c.createStatement()) {
                    String mode = scalar(s, "SELECT @@SESSION.sql_mode");
                    DumpException e = assertThrows(DumpException.class, () -> AccountsDump.render(c));
                    assertTrue(e.getMessage().contains("GRANT SELECT ON mysql.* TO '" + user + "'@'127.0.0.1'"), e.getMessage());
                    assertEquals("sqlbackup.source.user", e.configKey());
                    assertFalse(e.getMessage().contains("pw-"), "no password in the message");
                    assertEquals(mode, scalar(s, "SELECT @@SESSION.sql_mode"), "the session is put back after a failure too");
                }
            }
            // The grant the message names is enough.
            run(server, List.of("GRANT SELECT ON mysql.* TO 'half'@'127.0.0.1'"));
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "half", "pw-half")) {
                AccountsFile file = AccountsFile.parse(string(AccountsDump.render(c)));
                assertTrue(file.accounts().stream().anyMatch(g -> g.account().equals(Account.user("blind", "127.0.0.1"))));
            }
        }
    }

    @Test
    void awkwardNamesAndStatementsRoundTrip() {
        List<String> names = List.of("it's", "back\\slash", "new\nline", "cr\rlf", "nul\0byte", "ünïcødé ✓ 😀", "semi;colon",
                "-- account: 'fake'@'x'", "`tick``", "", "PUBLIC", "trailing\\");
        List<Group> groups = new ArrayList<>();
        List<Group> defaults = new ArrayList<>();
        for (String name : names) {
            String id = "`" + name.replace("`", "``") + "`";
            groups.add(new Group(Account.role(name + "r"), List.of("CREATE ROLE IF NOT EXISTS " + id)));
            Account user = Account.user(name, name + "@h'ost\n");
            groups.add(new Group(user, List.of(
                    "CREATE USER IF NOT EXISTS " + id + "@`%` IDENTIFIED VIA x USING 'a\\'b;c''d\\\\\\n'",
                    "GRANT SELECT ON `d;b\n-- account: 'not'@'a marker'`.* TO " + id + "@`%`",
                    "GRANT \"x;\\\"y\" TO " + id)));
            defaults.add(new Group(user, List.of("SET DEFAULT ROLE " + id + " FOR " + id + "@`%`")));
        }
        groups.add(new Group(Account.user("empty", "%"), List.of()));
        AccountsFile file = new AccountsFile(AccountsDump.SESSION, groups, defaults, List.of("a note: 'x'@'y'"));
        assertEquals(file, AccountsFile.parse(file.text()));
    }

    @Test
    void statementsThatWouldNotComeBackAreRefusedAndDamageIsReported() {
        Account a = Account.user("u", "%");
        for (String bad : List.of("SELECT 1; SELECT 2", "SELECT 'open", "SELECT `open", "-- comment", "", "SELECT '\\")) {
            assertThrows(IllegalArgumentException.class, () -> new Group(a, List.of(bad)), bad);
        }
        String good = new AccountsFile(List.of(), List.of(new Group(a, List.of("SELECT 1"))), List.of(), List.of()).text();
        SqlBackupException e = assertThrows(SqlBackupException.class, () -> AccountsFile.parse(good.replace("SELECT 1;", "SELECT 1")));
        assertTrue(e.getMessage().contains(AccountsFile.NAME + " is damaged"), e.getMessage());
        assertThrows(SqlBackupException.class, () -> AccountsFile.parse(good.replace("-- account: 'u'@'%'", "-- account: 'u'")));
    }

    /**
     * Every account the server knows (the file's or not), with its SHOW CREATE USER and its SHOW GRANTS FOR
     * lines as a set. Rows the server did not load (a host name under skip_name_resolve, such as the
     * root@HOSTNAME mariadb-install-db creates) are not accounts to it.
     */
    private static Map<String, Set<String>> accounts(MariaDbServer server) throws SQLException {
        Map<String, Set<String>> accounts = new TreeMap<>();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (Account a : listed(server)) {
                Set<String> lines = new TreeSet<>();
                String name = a.role() ? (a.user().equals("PUBLIC") ? "PUBLIC" : id(a.user())) : id(a.user()) + "@" + id(a.host());
                if (!a.role()) {
                    try {
                        lines.add(scalar(s, "SHOW CREATE USER " + name));
                    } catch (SQLException e) {
                        assertEquals(1133, e.getErrorCode(), e.getMessage());
                        continue;
                    }
                }
                try (ResultSet rs = s.executeQuery("SHOW GRANTS FOR " + name)) {
                    while (rs.next()) {
                        lines.add(columnsSorted(rs.getString(1)));
                    }
                }
                accounts.put(a.label(), lines);
            }
        }
        return accounts;
    }

    /**
     * The server lists a column grant's columns in no fixed order ({@code SELECT (`name`, `id`)} on one
     * server, {@code SELECT (`id`, `name`)} on another). The test's column names hold no comma or parenthesis.
     */
    private static String columnsSorted(String grant) {
        return COLUMN_LIST.matcher(grant).replaceAll(m -> Matcher.quoteReplacement(
                "(" + String.join(", ", new TreeSet<>(List.of(m.group(1).split(", ")))) + ")"));
    }

    private static List<Account> listed(MariaDbServer server) throws SQLException {
        List<Account> accounts = new ArrayList<>();
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT User, Host, JSON_EXTRACT(Priv, '$.is_role') = 'true' FROM mysql.global_priv")) {
            while (rs.next()) {
                accounts.add(rs.getBoolean(3) ? Account.role(rs.getString(1)) : Account.user(rs.getString(1), rs.getString(2)));
            }
        }
        return accounts;
    }

    /** What a restore does: the session statements, then every group's statements in order. */
    private static void apply(MariaDbServer server, AccountsFile file) throws SQLException {
        List<String> statements = new ArrayList<>(file.session());
        file.accounts().forEach(g -> statements.addAll(g.statements()));
        file.defaultRoles().forEach(g -> statements.addAll(g.statements()));
        run(server, statements);
    }

    private static void run(MariaDbServer server, List<String> statements) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            for (String sql : statements) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException(e.getMessage() + " in: " + sql, e.getSQLState(), e.getErrorCode(), e);
                }
            }
        }
    }

    private static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private static String string(ChunkBuffer buffer) {
        ArchiveEntry e = buffer.toEntry(AccountsFile.NAME);
        return new String(e.data(), 0, e.length(), StandardCharsets.UTF_8);
    }

    private static String id(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A string literal with backslash escapes, as the statements above are written. */
    private static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''").replace("\n", "\\n") + "'";
    }
}

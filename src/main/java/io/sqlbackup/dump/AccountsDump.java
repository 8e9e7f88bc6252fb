package io.sqlbackup.dump;

import io.sqlbackup.manifest.AccountsFile;
import io.sqlbackup.manifest.AccountsFile.Account;
import io.sqlbackup.manifest.AccountsFile.Group;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users and roles of the source as {@code sqlbackup-accounts.sql} ({@link AccountsFile}). The
 * mysql schema is not dumped as tables: loaded wholesale over a target, mysql.global_priv would
 * replace the target's own root and replication users. The statements come from SHOW CREATE USER
 * and SHOW GRANTS FOR, whose text is what the server itself considers canonical. One query lists
 * the accounts; then each user costs two round trips and each role one.
 */
final class AccountsDump {

    private static final Logger LOG = LoggerFactory.getLogger(AccountsDump.class);

    /**
     * The session the file's statements need: UTF-8 names, and backslash escapes in strings (the
     * server writes them so whatever its sql_mode, so NO_BACKSLASH_ESCAPES must be off).
     * NO_AUTO_CREATE_USER keeps a GRANT from creating an account the file did not create on purpose.
     */
    static final List<String> SESSION = List.of("SET NAMES utf8mb4", "SET SESSION sql_mode = 'NO_AUTO_CREATE_USER'");

    /**
     * Left out: mariadb.sys is created locked by mariadb-install-db and by upgrades on every server and
     * is the definer of the mysql.user view; the target has its own, and changing it could break that view.
     */
    private static final String SYSTEM_USER = "mariadb.sys";

    /**
     * The pseudo-role every account has. It cannot be created, but it holds real grants
     * ({@code GRANT ... TO PUBLIC}) that accounts depend on, so those are kept, without CREATE ROLE.
     */
    private static final String PUBLIC = "PUBLIC";

    private static final String USER_KEY = "sqlbackup.source.user";

    /** The server does not know the account (not loaded, or dropped since it was listed). */
    private static final Set<Integer> UNKNOWN = Set.of(1133, 1141);

    private AccountsDump() {
    }

    /** The file's bytes, read in the dump's session. */
    static ChunkBuffer render(Connection session) throws SQLException {
        byte[] text = SqlText.utf8(read(session).text());
        return new ChunkBuffer(text.length).append(text);
    }

    static AccountsFile read(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            // The session inherits the server's settings: under ANSI_QUOTES the server would quote names
            // with double quotes, and with sql_quote_show_create off it would leave plain names unquoted.
            // Both are put back afterwards: this is the dump engine's session.
            s.execute("SET @sqlbackup_sql_mode = @@SESSION.sql_mode, "
                    + "@sqlbackup_quote_show_create = @@SESSION.sql_quote_show_create, "
                    + "SESSION sql_mode = '', SESSION sql_quote_show_create = 1");
            try {
                return read(s);
            } catch (SQLException e) {
                if (MissingPrivilegeException.isAccessDenied(e)) {
                    throw missingGrant(s, e);
                }
                throw e;
            } finally {
                s.execute("SET SESSION sql_mode = @sqlbackup_sql_mode, SESSION sql_quote_show_create = @sqlbackup_quote_show_create");
            }
        }
    }

    private static AccountsFile read(Statement s) throws SQLException {
        Map<Account, List<String>> roles = new LinkedHashMap<>();
        List<Group> users = new ArrayList<>();
        List<Group> defaultRoles = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Account account : list(s)) {
            String create = account.role() ? "" : createUser(s, account);
            List<String> grants = create == null ? null : grants(s, account);
            if (grants == null) {
                notes.add("not dumped: " + account.label() + ": mysql.global_priv lists it but the server does not know it "
                        + "(with skip_name_resolve on, the server ignores accounts whose host is a name)");
                LOG.warn("Account {} is listed in mysql.global_priv but unknown to the server; it is not in the backup", account);
                continue;
            }
            if (account.role()) {
                roles.put(account, ownGrants(account, grants));
                continue;
            }
            UserDefinition definition = new UserDefinition(account, create);
            List<String> statements = new ArrayList<>();
            statements.add(definition.createIfNotExists());
            for (String grant : grants) {
                if (grant.startsWith("SET DEFAULT ROLE ")) {
                    defaultRoles.add(new Group(account, List.of(grant)));
                } else {
                    statements.add(grant);
                }
            }
            // Last: a GRANT ... IDENTIFIED BY line counts as a password change, which would end an expiry.
            statements.add(definition.alter());
            users.add(new Group(account, statements));
        }
        List<Group> groups = new ArrayList<>(roleGroups(roles));
        groups.addAll(users);
        return new AccountsFile(SESSION, groups, defaultRoles, notes);
    }

    private static List<Account> list(Statement s) throws SQLException {
        List<Account> accounts = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT User, Host, JSON_EXTRACT(Priv, '$.is_role') = 'true' "
                + "FROM mysql.global_priv ORDER BY User, Host")) {
            while (rs.next()) {
                String user = rs.getString(1);
                if (!SYSTEM_USER.equals(user)) {
                    accounts.add(rs.getBoolean(3) ? Account.role(user) : Account.user(user, rs.getString(2)));
                }
            }
        }
        return accounts;
    }

    private static String createUser(Statement s, Account account) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW CREATE USER " + name(account))) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            if (UNKNOWN.contains(e.getErrorCode())) {
                return null;
            }
            throw e;
        }
    }

    private static List<String> grants(Statement s, Account account) throws SQLException {
        List<String> grants = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SHOW GRANTS FOR " + name(account))) {
            while (rs.next()) {
                grants.add(rs.getString(1));
            }
        } catch (SQLException e) {
            if (UNKNOWN.contains(e.getErrorCode())) {
                return null;
            }
            throw e;
        }
        return grants;
    }

    /**
     * Roles in an order that creates each role before one it is granted to: GRANT r TO q needs r.
     * The server refuses circular role grants, so the order always exists.
     */
    private static List<Group> roleGroups(Map<Account, List<String>> roles) {
        Map<String, List<String>> members = new LinkedHashMap<>();
        roles.forEach((role, grants) -> members.put(role.user(),
                grants.stream().map(AccountsDump::grantedRole).filter(r -> r != null && !r.equals(role.user())).toList()));
        List<String> order = new ArrayList<>();
        while (order.size() < members.size()) {
            int before = order.size();
            members.forEach((role, granted) -> {
                if (!order.contains(role) && granted.stream().allMatch(r -> order.contains(r) || !members.containsKey(r))) {
                    order.add(role);
                }
            });
            if (order.size() == before) {
                members.keySet().stream().filter(r -> !order.contains(r)).forEach(order::add);
            }
        }
        List<Group> groups = new ArrayList<>();
        for (String name : order) {
            Account role = Account.role(name);
            List<String> statements = new ArrayList<>();
            if (!PUBLIC.equals(name)) {
                statements.add("CREATE ROLE IF NOT EXISTS " + SqlText.identifier(name));
            }
            statements.addAll(roles.get(role));
            groups.add(new Group(role, statements));
        }
        return groups;
    }

    /**
     * SHOW GRANTS FOR a role also lists the grants of every role granted to it, as statements to those
     * roles; each belongs in its own role's group only. A role's own grants end with its name, since
     * a role has no authentication, TLS or limit clauses.
     */
    private static List<String> ownGrants(Account role, List<String> grants) {
        String to = " TO " + name(role);
        return grants.stream().filter(g -> g.endsWith(to) || g.endsWith(to + " WITH GRANT OPTION")
                || g.endsWith(to + " WITH ADMIN OPTION")).toList();
    }

    /** The role a {@code GRANT `role` TO ...} line grants, or null for a grant of privileges. */
    private static String grantedRole(String grant) {
        String prefix = "GRANT `";
        if (!grant.startsWith(prefix)) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        for (int i = prefix.length(); i < grant.length(); i++) {
            char c = grant.charAt(i);
            if (c == '`') {
                if (i + 1 < grant.length() && grant.charAt(i + 1) == '`') {
                    name.append('`');
                    i++;
                } else {
                    return name.toString();
                }
            } else {
                name.append(c);
            }
        }
        return null;
    }

    /** The account as SHOW statements take it. */
    private static String name(Account account) {
        if (account.role()) {
            return PUBLIC.equals(account.user()) ? PUBLIC : SqlText.identifier(account.user());
        }
        return SqlText.identifier(account.user()) + "@" + SqlText.identifier(account.host());
    }

    private static DumpException missingGrant(Statement s, SQLException e) {
        String who = "the source user";
        try (ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
            if (rs.next()) {
                String current = rs.getString(1);
                int at = current.lastIndexOf('@');
                who = Account.user(current.substring(0, Math.max(at, 0)), current.substring(at + 1)).label();
            }
        } catch (SQLException ignored) {
            e.addSuppressed(ignored);
        }
        return new DumpException("the source user " + who + " may not read the server's accounts and grants ("
                + e.getMessage() + "): GRANT SELECT ON mysql.* TO " + who + ", or set " + USER_KEY
                + " to a user that has it", USER_KEY, e);
    }

    /**
     * A user's SHOW CREATE USER text, in the clauses ALTER USER takes. The server leaves out the
     * clauses that are at their defaults, but ALTER USER must state them all, or an account that
     * already exists on the target would keep its own lock, TLS requirement, limits or expiry.
     */
    private static final class UserDefinition {

        private static final List<String> LIMITS = List.of("MAX_QUERIES_PER_HOUR", "MAX_UPDATES_PER_HOUR",
                "MAX_CONNECTIONS_PER_HOUR", "MAX_USER_CONNECTIONS", "MAX_STATEMENT_TIME");
        private static final String CREATE = "CREATE USER ";

        private final String name;
        private final String text;
        private final Map<String, String> clauses = new LinkedHashMap<>();

        UserDefinition(Account account, String text) {
            this.name = name(account);
            this.text = text;
            if (!text.startsWith(CREATE + name)) {
                throw unreadable(account);
            }
            String tail = text.substring(CREATE.length() + name.length());
            List<int[]> tokens = tokens(tail);
            String clause = null;
            int start = 0;
            for (int t = 0; t < tokens.size(); t++) {
                String keyword = keyword(tail, tokens, t);
                if (keyword != null && !clauses.containsKey(keyword) && !keyword.equals(clause)) {
                    if (clause == null && !tail.substring(0, tokens.get(t)[0]).isBlank()) {
                        throw unreadable(account);
                    }
                    if (clause != null) {
                        clauses.put(clause, tail.substring(start, tokens.get(t)[0]).strip());
                    }
                    clause = keyword;
                    start = tokens.get(t)[0];
                }
            }
            if (clause != null) {
                clauses.put(clause, tail.substring(start).strip());
            } else if (!tail.isBlank()) {
                throw unreadable(account);
            }
            if (clauses.containsKey("WITH") && limits().size() * 2 != clauses.get("WITH").split("\\s+").length - 1) {
                throw unreadable(account);
            }
        }

        String createIfNotExists() {
            return "CREATE USER IF NOT EXISTS " + text.substring(CREATE.length());
        }

        String alter() {
            StringBuilder b = new StringBuilder("ALTER USER ").append(name)
                    .append(' ').append(clauses.getOrDefault("IDENTIFIED", "IDENTIFIED BY PASSWORD ''"))
                    .append(' ').append(clauses.getOrDefault("REQUIRE", "REQUIRE NONE"))
                    .append(" WITH");
            Map<String, String> limits = limits();
            for (String limit : LIMITS) {
                b.append(' ').append(limit).append(' ').append(limits.getOrDefault(limit, "0"));
            }
            limits.forEach((limit, value) -> {
                if (!LIMITS.contains(limit)) {
                    b.append(' ').append(limit).append(' ').append(value);
                }
            });
            return b.append(' ').append(clauses.getOrDefault("ACCOUNT", "ACCOUNT UNLOCK"))
                    .append(' ').append(clauses.getOrDefault("PASSWORD", "PASSWORD EXPIRE DEFAULT")).toString();
        }

        /** WITH's options, {@code NAME value} pairs of bare words. */
        private Map<String, String> limits() {
            Map<String, String> limits = new LinkedHashMap<>();
            String with = clauses.get("WITH");
            if (with != null) {
                String[] words = with.split("\\s+");
                for (int i = 1; i + 1 < words.length; i += 2) {
                    limits.put(words[i].toUpperCase(Locale.ROOT), words[i + 1]);
                }
            }
            return limits;
        }

        /** The clause a token starts, if it is a bare keyword that starts one. */
        private static String keyword(String tail, List<int[]> tokens, int t) {
            int[] token = tokens.get(t);
            if (token[2] == 0) {
                return null;
            }
            String word = tail.substring(token[0], token[1]).toUpperCase(Locale.ROOT);
            return switch (word) {
                case "IDENTIFIED", "REQUIRE", "WITH", "ACCOUNT" -> word;
                // Not the PASSWORD of IDENTIFIED BY PASSWORD '...', which a string follows.
                case "PASSWORD" -> t + 1 < tokens.size() && tokens.get(t + 1)[2] == 1
                        && tail.substring(tokens.get(t + 1)[0], tokens.get(t + 1)[1]).equalsIgnoreCase("EXPIRE") ? word : null;
                default -> null;
            };
        }

        /** Tokens as {start, end, bare}: quoted strings and names are single tokens, so their text is never read as a keyword. */
        private static List<int[]> tokens(String s) {
            List<int[]> tokens = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int start = i;
                if (c == '\'' || c == '"' || c == '`') {
                    for (i++; i < s.length() && s.charAt(i) != c; i++) {
                        if (s.charAt(i) == '\\' && c != '`') {
                            i++;
                        }
                    }
                    i++;
                    tokens.add(new int[] {start, Math.min(i, s.length()), 0});
                } else {
                    while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "'\"`".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                    tokens.add(new int[] {start, i, 1});
                }
            }
            return tokens;
        }

        /** The text itself is not shown: it holds the password hash. */
        private static DumpException unreadable(Account account) {
            return new DumpException("SHOW CREATE USER " + account.label() + " returned a definition sqlbackup cannot "
                    + "read on this server version; report it with the server version", null, null);
        }
    }
}

package io.sqlbackup.manifest;

import io.sqlbackup.SqlBackupException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sqlbackup-accounts.txt}: the users and roles of the dumped server as SQL statements, in
 * groups a restore can apply one account at a time, skipping the accounts a target must keep
 * (its root, its replication user, the user the restore connects as). myloader does not read the
 * file; an operator can apply it whole with {@code mariadb < sqlbackup-accounts.txt}.
 *
 * <p>Layout: a header of comments; the statements that set up the session; then each role and
 * account after a line {@code -- role: 'name'} or {@code -- account: 'user'@'host'}; last, each
 * account's default role after {@code -- default role: 'user'@'host'}, once every role exists and
 * is granted. A statement ends with {@code ;} at the end of a line. Names are quoted in the
 * marker lines with backslash escapes, so a marker is always one line; inside statements the
 * server's own quoting is kept, and a name with a line break spans lines inside its quotes,
 * which is why the parser follows quotes rather than cutting at line ends.
 *
 * @param session      statements to run first on the connection that applies the groups
 * @param accounts     roles first, each after the roles granted to it, then user accounts
 * @param defaultRoles SET DEFAULT ROLE statements, one group per account that has a default role
 * @param notes        single lines for the reader, such as accounts that were not dumped
 */
public record AccountsFile(List<String> session, List<Group> accounts, List<Group> defaultRoles, List<String> notes) {

    public static final String NAME = "sqlbackup-accounts.txt";

    private static final String ACCOUNT = "-- account: ";
    private static final String ROLE = "-- role: ";
    private static final String DEFAULT_ROLE = "-- default role: ";
    private static final String NOTE = "-- note: ";

    private static final String HEADER = """
            -- sqlbackup accounts: the users and roles of the backed-up server, with their grants.
            -- myloader does not read this file (a .sql name would make myloader 0.10 crash).
            -- To apply it by hand: mariadb < sqlbackup-accounts.txt
            -- Missing accounts and roles are created; for existing ones, authentication, TLS
            -- requirements, limits, password expiry and locking are set to the backed-up values.
            -- Grants are only added, never revoked. Applied whole, the file also sets accounts such as
            -- root and the replication user to their state on the backed-up server: delete the group of
            -- each account this server must keep first.
            -- Accounts that use an authentication plugin need it loaded here first, for example
            -- INSTALL SONAME 'auth_ed25519'. A role this file creates is also administered by the
            -- account that applies the file, which needs that to grant the role.
            -- Each group follows a line "-- role: 'name'" or "-- account: 'user'@'host'".
            """;

    /** A user account ({@code 'user'@'host'}) or a role ({@code 'name'}). */
    public record Account(String user, String host, boolean role) {

        public Account {
            if (user == null || host == null || (role && !host.isEmpty())) {
                throw new IllegalArgumentException("an account has a user name and a host; a role has a name and no host");
            }
        }

        public static Account user(String user, String host) {
            return new Account(user, host, false);
        }

        public static Account role(String name) {
            return new Account(name, "", true);
        }

        /** {@code 'user'@'host'} or {@code 'name'}: MariaDB's syntax for the account, on one line. */
        public String label() {
            return role ? quote(user) : quote(user) + "@" + quote(host);
        }

        @Override
        public String toString() {
            return label();
        }
    }

    /** The statements that recreate one account or role, or set its default role. */
    public record Group(Account account, List<String> statements) {

        public Group {
            statements = statements.stream().map(String::strip).toList();
            for (String s : statements) {
                checkStatement(s);
            }
        }
    }

    public AccountsFile {
        session = List.copyOf(session).stream().map(String::strip).toList();
        session.forEach(AccountsFile::checkStatement);
        accounts = List.copyOf(accounts);
        defaultRoles = List.copyOf(defaultRoles);
        notes = List.copyOf(notes);
        for (String note : notes) {
            if (note.indexOf('\n') >= 0 || note.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a note is one line");
            }
        }
    }

    /** The file's text; {@link #parse(String)} gives back an equal object. */
    public String text() {
        StringBuilder b = new StringBuilder(HEADER);
        for (String note : notes) {
            b.append(NOTE).append(note).append('\n');
        }
        b.append('\n');
        session.forEach(s -> b.append(s).append(";\n"));
        for (Group g : accounts) {
            b.append('\n').append(g.account().role() ? ROLE : ACCOUNT).append(g.account().label()).append('\n');
            g.statements().forEach(s -> b.append(s).append(";\n"));
        }
        if (!defaultRoles.isEmpty()) {
            b.append("\n-- Default roles, set once every role exists and is granted.\n");
        }
        for (Group g : defaultRoles) {
            b.append(DEFAULT_ROLE).append(g.account().label()).append('\n');
            g.statements().forEach(s -> b.append(s).append(";\n"));
        }
        return b.toString();
    }

    /** Reads the text {@link #text()} writes. */
    public static AccountsFile parse(String text) {
        return new Parser(text).parse();
    }

    /** A statement must come back from the file as it went in: one statement, ending where the text ends. */
    private static void checkStatement(String s) {
        if (s.isEmpty() || s.startsWith("--") || statementEnd(s + ";", 0) != s.length()) {
            // The text is not shown: it may hold a password hash.
            throw new IllegalArgumentException("not a single statement (empty, a comment, several statements or an open quote)");
        }
    }

    /**
     * Where the statement starting at {@code from} ends: the index of its {@code ;}, outside quoted
     * strings and identifiers, or -1. Strings take backslash escapes (the server writes them so, and
     * the file sets a sql_mode without NO_BACKSLASH_ESCAPES); backquoted names do not.
     */
    private static int statementEnd(String text, int from) {
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0) {
                if (c == ';') {
                    return i;
                }
                if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                }
            } else if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                quote = 0;
            }
        }
        return -1;
    }

    /** A name as a single-quoted string with backslash escapes, so it never spans lines. */
    static String quote(String name) {
        StringBuilder b = new StringBuilder(name.length() + 2).append('\'');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\0' -> b.append("\\0");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    private static final class Parser {

        private enum Section { SESSION, ACCOUNTS, DEFAULT_ROLES }

        private final String text;
        private final List<String> session = new ArrayList<>();
        private final List<Group> accounts = new ArrayList<>();
        private final List<Group> defaultRoles = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private Section section = Section.SESSION;
        private Account current;
        private List<String> statements;
        private int pos;
        private int line = 1;

        Parser(String text) {
            this.text = text;
        }

        AccountsFile parse() {
            while (pos < text.length()) {
                int eol = text.indexOf('\n', pos);
                if (eol < 0) {
                    eol = text.length();
                }
                String l = text.substring(pos, eol);
                if (l.isBlank()) {
                    advanceTo(eol + 1);
                } else if (l.startsWith("--")) {
                    marker(l);
                    advanceTo(eol + 1);
                } else {
                    statement();
                }
            }
            closeGroup();
            return new AccountsFile(session, accounts, defaultRoles, notes);
        }

        private void marker(String l) {
            if (l.startsWith(ACCOUNT)) {
                open(Section.ACCOUNTS, userLabel(l.substring(ACCOUNT.length())));
            } else if (l.startsWith(ROLE)) {
                Label name = new Label(l, ROLE.length());
                String role = name.string();
                name.end();
                open(Section.ACCOUNTS, Account.role(role));
            } else if (l.startsWith(DEFAULT_ROLE)) {
                open(Section.DEFAULT_ROLES, userLabel(l.substring(DEFAULT_ROLE.length())));
            } else if (l.startsWith(NOTE) && section == Section.SESSION && session.isEmpty()) {
                notes.add(l.substring(NOTE.length()));
            }
            // Any other comment line is for the reader.
        }

        private Account userLabel(String rest) {
            Label label = new Label(rest, 0);
            String user = label.string();
            label.expect('@');
            String host = label.string();
            label.end();
            return Account.user(user, host);
        }

        private void open(Section next, Account account) {
            if (next == Section.ACCOUNTS && section == Section.DEFAULT_ROLES) {
                throw damaged("an account after the default roles");
            }
            closeGroup();
            section = next;
            current = account;
            statements = new ArrayList<>();
        }

        private void closeGroup() {
            if (current != null) {
                (section == Section.DEFAULT_ROLES ? defaultRoles : accounts).add(new Group(current, statements));
                current = null;
            }
        }

        private void statement() {
            int end = statementEnd(text, pos);
            if (end < 0) {
                throw damaged("a statement without its closing ';'");
            }
            String s = text.substring(pos, end).strip();
            if (section == Section.SESSION) {
                session.add(s);
            } else {
                statements.add(s);
            }
            int eol = text.indexOf('\n', end);
            if (eol < 0) {
                eol = text.length();
            }
            if (!text.substring(end + 1, eol).isBlank()) {
                throw damaged("text after a statement's ';'");
            }
            advanceTo(eol + 1);
        }

        private void advanceTo(int next) {
            int to = Math.min(next, text.length());
            for (int i = pos; i < to; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            pos = to;
        }

        private SqlBackupException damaged(String what) {
            return new SqlBackupException(NAME + " is damaged: " + what + " at line " + line
                    + "; take a new backup, or apply the file by hand after repairing it");
        }

        /** Reads the quoted names of a marker line. */
        private final class Label {
            private final String s;
            private int i;

            Label(String s, int from) {
                this.s = s;
                this.i = from;
            }

            String string() {
                if (i >= s.length() || s.charAt(i) != '\'') {
                    throw damaged("a marker line without a quoted name");
                }
                StringBuilder b = new StringBuilder();
                for (i++; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '\'') {
                        i++;
                        return b.toString();
                    }
                    if (c == '\\' && i + 1 < s.length()) {
                        char e = s.charAt(++i);
                        b.append(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case '0' -> '\0';
                            default -> e;
                        });
                    } else {
                        b.append(c);
                    }
                }
                throw damaged("a marker line with an unterminated name");
            }

            void expect(char c) {
                if (i >= s.length() || s.charAt(i) != c) {
                    throw damaged("a marker line without '" + c + "'");
                }
                i++;
            }

            void end() {
                if (!s.substring(i).isBlank()) {
                    throw damaged("text after a marker line's name");
                }
            }
        }
    }
}

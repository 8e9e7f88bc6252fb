package io.sqlbackup.load;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SET NAMES binary}, as mydumper 0.9 and 0.10 begin every file, in a form Connector/J
 * accepts. The driver closes a connection whose client or result character set stops being
 * UTF-8, so the client side stays utf8mb4 and only the connection character set becomes binary:
 * string literals are then binary strings, as under {@code SET NAMES binary}, and reach their
 * columns byte for byte (bytes that are not UTF-8 travel as hex literals, see {@link StatementText}).
 */
final class SetNames {

    private static final Pattern SET_NAMES = Pattern.compile(
            "(?is)\\s*(?:/\\*!\\d*\\s*)?SET\\s+NAMES\\s+['\"`]?(\\w+)['\"`]?(?:\\s+COLLATE\\s+['\"`]?\\w+['\"`]?)?\\s*(?:\\*/)?\\s*");
    private static final Pattern CLIENT_OR_RESULTS = Pattern.compile(
            "(?is)\\s*SET\\s+(?:SESSION\\s+)?(?:@@)?character_set_(?:client|results)\\s*=\\s*['\"`]?(\\w+)['\"`]?\\s*");

    private SetNames() {
    }

    /** The statement to send for a session setting of a dump file. */
    static String translate(String setting, String file) {
        Matcher m = SET_NAMES.matcher(setting);
        if (m.matches()) {
            String charset = m.group(1).toLowerCase(Locale.ROOT);
            if (charset.equals("binary")) {
                return "SET SESSION character_set_connection = binary, SESSION collation_connection = binary";
            }
            if (!charset.startsWith("utf8")) {
                throw new DumpFileException(file + " is written in the character set " + charset + " (SET NAMES " + charset
                        + "); sqlbackup loads files written as binary or utf8mb4, as mydumper and sqlbackup write them");
            }
            return setting;
        }
        Matcher c = CLIENT_OR_RESULTS.matcher(setting);
        if (c.matches()) {
            String charset = c.group(1).toLowerCase(Locale.ROOT);
            if (charset.equals("binary")) {
                return "SET SESSION character_set_connection = binary";
            }
            if (!charset.startsWith("utf8")) {
                // Views, triggers and routines are preceded by the character set of the session that
                // created them (latin1, cp1250, ...). Their text in the dump is UTF-8 (it was read
                // through a utf8mb4 or binary session), and the driver cannot leave UTF-8, so the
                // client stays utf8mb4: the object's text is the same, its recorded client charset is utf8mb4.
                return "DO 0";
            }
        }
        return setting;
    }
}

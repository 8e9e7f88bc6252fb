package io.sqlbackup.load;

/**
 * One statement of a dump file, without its terminating semicolon.
 *
 * @param bytes  the statement's bytes (the array may be longer than {@code length})
 * @param length how many bytes of the array are the statement
 * @param ascii  true when every byte is below 0x80, so no character set question arises
 */
public record SqlStatement(byte[] bytes, int length, boolean ascii) {

    /** True for a {@code SET ...} or {@code /*!40101 SET ...}: a session setting, not work. */
    public boolean isSessionSetting() {
        int i = skipSpace(0);
        if (i + 3 <= length && bytes[i] == '/' && bytes[i + 1] == '*' && bytes[i + 2] == '!') {
            i += 3;
            while (i < length && bytes[i] >= '0' && bytes[i] <= '9') {
                i++;
            }
            i = skipSpace(i);
        }
        return i + 4 <= length && (bytes[i] | 0x20) == 's' && (bytes[i + 1] | 0x20) == 'e' && (bytes[i + 2] | 0x20) == 't'
                && (bytes[i + 3] == ' ' || bytes[i + 3] == '\t' || bytes[i + 3] == '\n');
    }

    private int skipSpace(int i) {
        while (i < length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** The first characters, for messages (statements can be megabytes long). */
    public String head() {
        int n = Math.min(length, 80);
        String s = new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8).replace('\n', ' ');
        return n < length ? s + "..." : s;
    }
}

package io.sqlbackup.load;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a statement's bytes into the String Connector/J sends, so that the server receives the
 * same bytes the file holds. The driver encodes every query as UTF-8, so a statement that is valid
 * UTF-8 passes through unchanged. Dump files are not always valid UTF-8: mydumper writes text
 * under {@code SET NAMES binary} as the column's own bytes (latin1, cp1250, ...), and sqlbackup
 * writes {@code _binary"..."} literals holding raw bytes. Such string literals are rewritten as
 * hex literals ({@code X'E9'}), which the server takes as the same binary string.
 */
final class StatementText {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private StatementText() {
    }

    static String of(SqlStatement statement, String file) {
        if (statement.ascii()) {
            return new String(statement.bytes(), 0, statement.length(), StandardCharsets.ISO_8859_1);
        }
        String text = decode(statement.bytes(), 0, statement.length());
        if (text != null) {
            return text;
        }
        byte[] rewritten = hexLiterals(statement, file);
        String again = decode(rewritten, 0, rewritten.length);
        if (again == null) {
            throw new DumpFileException("a statement in " + file + " holds bytes that are not UTF-8 outside its string "
                    + "literals (in a name or a comment), which cannot be sent as they are: " + statement.head());
        }
        return again;
    }

    private static String decode(byte[] bytes, int off, int len) {
        // The JDK's own UTF-8 decoding is several times faster than a CharsetDecoder; it replaces
        // malformed input by U+FFFD, so only text holding U+FFFD (rare, and maybe genuine) is
        // decoded again strictly to tell the two apart.
        String fast = new String(bytes, off, len, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Replaces each quoted string literal whose bytes are not UTF-8 by the hex literal of its value. */
    static byte[] hexLiterals(SqlStatement statement, String file) {
        byte[] in = statement.bytes();
        int len = statement.length();
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + len / 2);
        int i = 0;
        while (i < len) {
            byte b = in[i];
            if (b == '`') {
                int end = i + 1;
                while (end < len && in[end] != '`') {
                    end++;
                }
                out.write(in, i, Math.min(end + 1, len) - i);
                i = end + 1;
                continue;
            }
            if (b != '\'' && b != '"') {
                out.write(b);
                i++;
                continue;
            }
            int end = literalEnd(in, i, len, b);
            if (end < 0) {
                throw new DumpFileException("a statement in " + file + " has an unterminated string: " + statement.head());
            }
            if (decode(in, i, end - i + 1) != null) {
                out.write(in, i, end - i + 1);
            } else {
                byte[] value = unescape(in, i + 1, end, b);
                // "_binary X'..'" is valid; a bare X'..' is a binary string too, so no space issue either way
                out.write(' ');
                out.write('X');
                out.write('\'');
                for (byte v : value) {
                    out.write(HEX[(v >> 4) & 0xF]);
                    out.write(HEX[v & 0xF]);
                }
                out.write('\'');
            }
            i = end + 1;
        }
        return out.toByteArray();
    }

    /** Index of the closing quote of the literal opened at {@code start}, or -1. */
    private static int literalEnd(byte[] in, int start, int len, byte quote) {
        int i = start + 1;
        while (i < len) {
            byte b = in[i];
            if (b == '\\') {
                i += 2;
            } else if (b == quote) {
                if (i + 1 < len && in[i + 1] == quote) {
                    i += 2; // a doubled quote stands for one
                } else {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The value of a literal's body, undoing the escapes the server undoes. */
    static byte[] unescape(byte[] in, int from, int to, byte quote) {
        ByteArrayOutputStream v = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = in[i];
            if (b == '\\' && i + 1 < to) {
                byte e = in[++i];
                switch (e) {
                    case '0' -> v.write(0);
                    case 'b' -> v.write(8);
                    case 'n' -> v.write('\n');
                    case 'r' -> v.write('\r');
                    case 't' -> v.write('\t');
                    case 'Z' -> v.write(26);
                    case '%', '_' -> {
                        // the server keeps the backslash of \% and \_ (they matter to LIKE)
                        v.write('\\');
                        v.write(e);
                    }
                    default -> v.write(e);
                }
            } else if (b == quote && i + 1 < to && in[i + 1] == quote) {
                v.write(quote);
                i++;
            } else {
                v.write(b);
            }
        }
        return v.toByteArray();
    }
}

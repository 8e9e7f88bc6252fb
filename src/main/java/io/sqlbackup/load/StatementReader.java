package io.sqlbackup.load;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a dump file into statements, as myloader does and a little safer: a statement ends at a
 * semicolon that ends a line, outside quotes, backticks and comments. The line rule is what makes
 * routine and trigger bodies load: mydumper writes their inner {@code ;} followed by a space, so
 * only the final one ends a line. Quote tracking keeps a {@code ;} at a line end inside a string
 * (possible in a view or routine text) from cutting the statement.
 *
 * <p>Reads the stream in blocks and keeps one statement in memory; a statement larger than the
 * limit is refused rather than grown without bound.
 */
public final class StatementReader {

    private enum State { NORMAL, SINGLE, DOUBLE, BACKTICK, BLOCK_COMMENT, LINE_COMMENT }

    /** Bytes the NORMAL state reacts to: quotes, the statement end, comment starts. */
    private static final boolean[] SPECIAL = new boolean[256];

    static {
        for (char c : "'\"`;\n/*#-".toCharArray()) {
            SPECIAL[c] = true;
        }
    }

    private final InputStream in;
    private final String file;
    private final int maxStatement;
    private final byte[] block = new byte[1 << 16];
    private int blockPos;
    private int blockLen;
    private boolean eof;
    private long offset;

    private byte[] out = new byte[1 << 16];
    private int outLen;

    public StatementReader(InputStream in, String file, int maxStatement) {
        this.in = in;
        this.file = file;
        this.maxStatement = maxStatement;
    }

    /** The next statement, or null at the end of the file. */
    public SqlStatement next() throws IOException {
        State state = State.NORMAL;
        boolean escaped = false;
        byte prev = '\n';
        int commentOpener = -1;
        int high = 0;
        boolean content = false;
        outLen = 0;
        while (true) {
            if (blockPos == blockLen && !fill()) {
                break;
            }
            // Fast path: a run of bytes that cannot change the state is copied at once. Inside a
            // string that is everything up to its quote or a backslash (most of a data file);
            // outside, everything but the bytes the state machine below looks at.
            if (!escaped && (state == State.SINGLE || state == State.DOUBLE || state == State.NORMAL)) {
                int i = blockPos;
                int h = 0;
                if (state == State.NORMAL) {
                    while (i < blockLen && !SPECIAL[block[i] & 0xFF]) {
                        h |= block[i++];
                    }
                } else {
                    byte quote = state == State.SINGLE ? (byte) '\'' : (byte) '"';
                    while (i < blockLen && block[i] != quote && block[i] != '\\') {
                        h |= block[i++];
                    }
                }
                int n = i - blockPos;
                if (n > 0) {
                    if (!content) {
                        for (int k = blockPos; k < i; k++) {
                            if (!isSpace(block[k])) {
                                content = true;
                                break;
                            }
                        }
                    }
                    appendRange(blockPos, n);
                    high |= h;
                    offset += n;
                    prev = block[i - 1];
                    blockPos = i;
                    continue;
                }
            }
            byte b = block[blockPos++];
            offset++;
            switch (state) {
                case NORMAL -> {
                    if (b == '\n' && prev == ';') {
                        outLen--; // the ';' is not sent
                        if (content) {
                            return finish(high);
                        }
                        outLen = 0;
                        prev = b;
                        continue;
                    }
                    if (b == '\'') {
                        state = State.SINGLE;
                    } else if (b == '"') {
                        state = State.DOUBLE;
                    } else if (b == '`') {
                        state = State.BACKTICK;
                    } else if (b == '*' && prev == '/') {
                        state = State.BLOCK_COMMENT;
                        commentOpener = outLen;
                    } else if (b == '#') {
                        state = State.LINE_COMMENT;
                    } else if (b == '-' && prev == '-' && isSpace(peek())) {
                        // "-- " starts a comment; "--" followed by anything else is two minus signs
                        state = State.LINE_COMMENT;
                    }
                }
                case SINGLE, DOUBLE -> {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == (state == State.SINGLE ? '\'' : '"')) {
                        state = State.NORMAL;
                    }
                }
                case BACKTICK -> {
                    if (b == '`') {
                        state = State.NORMAL;
                    }
                }
                case BLOCK_COMMENT -> {
                    // the '*' of "/*" does not also close the comment: "/*/" is still open
                    if (b == '/' && prev == '*' && outLen - 1 != commentOpener) {
                        state = State.NORMAL;
                    }
                }
                case LINE_COMMENT -> {
                    if (b == '\n') {
                        state = State.NORMAL;
                    }
                }
            }
            if (!content && !isSpace(b)) {
                content = true;
            }
            high |= b;
            append(b);
            prev = b;
        }
        if (state == State.SINGLE || state == State.DOUBLE || state == State.BACKTICK) {
            throw new DumpFileException(file + " ends inside a quoted " + (state == State.BACKTICK ? "name" : "string")
                    + ": the file is truncated or damaged");
        }
        // A last statement without a line break after its ';', or without the ';'.
        while (outLen > 0 && isSpace(out[outLen - 1])) {
            outLen--;
        }
        if (outLen > 0 && out[outLen - 1] == ';') {
            outLen--;
        }
        return content && outLen > 0 ? finish(high) : null;
    }

    private byte peek() throws IOException {
        if (blockPos == blockLen && !fill()) {
            return '\n';
        }
        return block[blockPos];
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private SqlStatement finish(int high) {
        // An array of the statement's own size goes to the loading thread, so what is queued is what
        // the queue counts; the buffer stays here, back at its usual size after an outsized statement.
        byte[] bytes = Arrays.copyOf(out, outLen);
        if (out.length > (4 << 20)) {
            out = new byte[1 << 16];
        }
        return new SqlStatement(bytes, outLen, (high & 0x80) == 0);
    }

    private void appendRange(int from, int n) {
        while (outLen + n > out.length) {
            grow();
        }
        System.arraycopy(block, from, out, outLen, n);
        outLen += n;
    }

    private void grow() {
        if (out.length >= maxStatement) {
            throw new DumpFileException("a statement in " + file + " near byte " + offset + " is larger than "
                    + maxStatement + " bytes, the most one statement may have: the file is damaged, or it was "
                    + "written with statements larger than the target's max_allowed_packet allows");
        }
        out = Arrays.copyOf(out, (int) Math.min(maxStatement, (long) out.length * 2));
    }

    private void append(byte b) {
        if (outLen == out.length) {
            grow();
        }
        out[outLen++] = b;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(block, 0, block.length);
        if (n <= 0) {
            eof = n < 0;
            if (n == 0) {
                int one = in.read();
                if (one < 0) {
                    eof = true;
                    return false;
                }
                block[0] = (byte) one;
                blockPos = 0;
                blockLen = 1;
                return true;
            }
            return false;
        }
        blockPos = 0;
        blockLen = n;
        return true;
    }
}

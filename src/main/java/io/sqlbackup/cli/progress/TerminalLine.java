package io.sqlbackup.cli.progress;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.function.IntSupplier;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * The terminal line the bar lives on. Anything else that writes to the terminal while the bar is
 * shown (the log, which goes to stderr, and the command's own lines) erases the bar first and
 * prints on a clean line; the bar is drawn again below it on its next refresh, so the two never
 * run into each other.
 */
final class TerminalLine implements ProgressBarConsumer {

    /** Back to the start of the line, erase to its end. */
    static final String ERASE = "\r\033[K";

    private final PrintWriter err;
    private final IntSupplier width;
    private final Object lock = new Object();
    private boolean drawn;
    /** Other output left a line without its end: the bar waits, not to write into the middle of it. */
    private boolean otherLineOpen;
    private boolean closed;

    TerminalLine(PrintWriter err, IntSupplier width) {
        this.err = err;
        this.width = width;
    }

    @Override
    public int getMaxRenderedLength() {
        return Math.max(1, width.getAsInt());
    }

    @Override
    public void accept(String line) {
        synchronized (lock) {
            if (closed || otherLineOpen) {
                return;
            }
            err.print('\r');
            err.print(line);
            err.print("\033[K");
            err.flush();
            drawn = true;
        }
    }

    @Override
    public void clear() {
        synchronized (lock) {
            erase();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            erase();
            closed = true;
        }
    }

    /** Runs code that prints whole lines, on a line the bar has left. */
    void above(Runnable lines) {
        synchronized (lock) {
            erase();
            lines.run();
        }
    }

    private void erase() {
        if (drawn) {
            err.print(ERASE);
            err.flush();
            drawn = false;
        }
    }

    /** A stream for {@link System#setErr} that writes to {@code original} on a line the bar has left. */
    PrintStream guard(PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (lock) {
                    erase();
                    original.write(b);
                    otherLineOpen = b != '\n';
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (len == 0) {
                    return;
                }
                synchronized (lock) {
                    erase();
                    original.write(b, off, len);
                    otherLineOpen = b[off + len - 1] != '\n';
                }
            }

            @Override
            public void flush() throws IOException {
                original.flush();
            }
        }, true);
    }
}

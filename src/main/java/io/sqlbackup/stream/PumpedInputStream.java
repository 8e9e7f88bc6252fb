package io.sqlbackup.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Turns a writer (tar, gzip, zstd: APIs that push into an OutputStream) into a lazily produced
 * InputStream without a thread or a pipe: when the reader has drained what is buffered,
 * {@link #pump(OutputStream)} is asked for one more small step of output. Failures surface on the
 * reading thread, where the stage that consumes the stream can clean up.
 */
public abstract class PumpedInputStream extends ReadThroughInputStream {

    private final Buffer buffer = new Buffer();
    private boolean finished;
    private boolean closed;

    /**
     * Writes the next piece of output to {@code out}. Returns false once everything, trailers
     * included, has been written; may write nothing in a step (e.g. a compressor holding input).
     */
    protected abstract boolean pump(OutputStream out) throws IOException;

    /** Releases what the pump holds (connections, compressors); called once, on close. */
    protected abstract void release() throws IOException;

    /** The sink the pump writes into; subclasses wrap it in their writers once. */
    protected final OutputStream sink() {
        return buffer;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (buffer.available() == 0) {
            if (finished) {
                return -1;
            }
            buffer.reset();
            finished = !pump(buffer);
        }
        return buffer.drain(b, off, len);
    }

    @Override
    public int available() {
        return buffer.available();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            release();
        }
    }

    /** A growable byte buffer written by the pump and drained by the reader. */
    private static final class Buffer extends OutputStream {
        private byte[] bytes = new byte[64 * 1024];
        private int size;
        private int position;

        int available() {
            return size - position;
        }

        void reset() {
            size = 0;
            position = 0;
        }

        int drain(byte[] b, int off, int len) {
            int n = Math.min(len, available());
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int extra) {
            if (size + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
            }
        }
    }
}

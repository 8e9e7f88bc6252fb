package io.sqlbackup.dump;

import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The {@link io.sqlbackup.manifest.Manifest#ROW_CHECKSUM} of a set of rows: for each row's
 * {@code (v1,v2,...)} text, CRC32C in the high and CRC32 in the low 32 bits, summed modulo 2^64.
 * Both CRCs run on CPU instructions, so this costs little next to reading the rows.
 */
public final class RowChecksum {

    private final CRC32C high = new CRC32C();
    private final CRC32 low = new CRC32();
    private long sum;
    private long rows;

    public void add(byte[] row, int offset, int length) {
        high.reset();
        low.reset();
        high.update(row, offset, length);
        low.update(row, offset, length);
        sum += (high.getValue() << 32) | low.getValue();
        rows++;
    }

    public long sum() {
        return sum;
    }

    public long rows() {
        return rows;
    }
}

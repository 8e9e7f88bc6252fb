package io.sqlbackup.dump;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A closed range {@code [low, high]} of a table's split column: one piece of a large table that a
 * dump connection reads on its own. Bounds are integers of any width (BIGINT UNSIGNED included).
 */
record KeyRange(BigInteger low, BigInteger high) {

    /** {@code [min, max]} cut into {@code pieces} ranges of (nearly) equal width, covering every value. */
    static List<KeyRange> split(BigInteger min, BigInteger max, int pieces) {
        BigInteger width = max.subtract(min).add(BigInteger.ONE);
        BigInteger count = BigInteger.valueOf(Math.max(1, pieces)).min(width);
        BigInteger step = width.add(count).subtract(BigInteger.ONE).divide(count);
        List<KeyRange> ranges = new ArrayList<>();
        for (BigInteger low = min; low.compareTo(max) <= 0; low = low.add(step)) {
            ranges.add(new KeyRange(low, low.add(step).subtract(BigInteger.ONE).min(max)));
        }
        return ranges;
    }

    String where(String column) {
        return " WHERE " + SqlText.identifier(column) + " BETWEEN " + low + " AND " + high;
    }
}

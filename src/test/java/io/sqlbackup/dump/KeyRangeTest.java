package io.sqlbackup.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KeyRangeTest {

    @ParameterizedTest
    @CsvSource({"1, 100, 4", "1, 3, 8", "5, 5, 3", "-1000, 999, 7", "0, 18446744073709551615, 16", "-9223372036854775808, 9223372036854775807, 5"})
    void rangesCoverEveryValueOnceAndInOrder(String min, String max, int pieces) {
        BigInteger lo = new BigInteger(min);
        BigInteger hi = new BigInteger(max);
        List<KeyRange> ranges = KeyRange.split(lo, hi, pieces);
        assertTrue(ranges.size() <= pieces && !ranges.isEmpty(), ranges.toString());
        assertEquals(lo, ranges.get(0).low());
        assertEquals(hi, ranges.get(ranges.size() - 1).high());
        for (int i = 1; i < ranges.size(); i++) {
            assertEquals(ranges.get(i - 1).high().add(BigInteger.ONE), ranges.get(i).low(), "no gap, no overlap: " + ranges);
        }
        ranges.forEach(r -> assertTrue(r.low().compareTo(r.high()) <= 0, r.toString()));
    }

    @Test
    void whereClauseQuotesTheColumn() {
        assertEquals(" WHERE `odd``name` BETWEEN 1 AND 9", new KeyRange(BigInteger.ONE, BigInteger.valueOf(9)).where("odd`name"));
    }

    @Test
    void patternsMatchDatabasesAndTables() {
        NamePattern wikis = NamePattern.of("wiki_*");
        assertTrue(wikis.matchesDatabase("wiki_01"));
        assertFalse(wikis.matchesDatabase("wikis"));
        assertTrue(wikis.matchesTable("wiki_01", "page"));
        NamePattern cache = NamePattern.of("*.objectcache");
        assertFalse(cache.matchesDatabase("enwiki"));
        assertTrue(cache.mayMatchIn("enwiki"));
        assertTrue(cache.matchesTable("enwiki", "objectcache"));
        assertFalse(cache.matchesTable("enwiki", "page"));
        assertTrue(NamePattern.of("a.b").matchesTable("a", "b"));
        assertFalse(NamePattern.of("a?c").matchesDatabase("a.c.d"));
        assertTrue(NamePattern.of("enwiki").isLiteralDatabase());
        assertFalse(NamePattern.of("en*").isLiteralDatabase());
    }
}

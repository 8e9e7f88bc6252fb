package io.sqlbackup.load;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementReaderTest {

    private static List<String> split(String text) throws IOException {
        return split(text.getBytes(StandardCharsets.UTF_8), 1 << 20);
    }

    private static List<String> split(byte[] bytes, int max) throws IOException {
        StatementReader r = new StatementReader(new ByteArrayInputStream(bytes), "f.sql", max);
        List<String> out = new ArrayList<>();
        for (SqlStatement s = r.next(); s != null; s = r.next()) {
            out.add(new String(s.bytes(), 0, s.length(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void statementsEndAtASemicolonThatEndsALine() throws IOException {
        assertEquals(List.of("/*!40101 SET NAMES binary*/", "INSERT INTO `t` VALUES\n(1,\"a;\\nb\"),\n(2,\"x\")"),
                split("/*!40101 SET NAMES binary*/;\nINSERT INTO `t` VALUES\n(1,\"a;\\nb\"),\n(2,\"x\");\n"));
    }

    @Test
    void routineBodiesAsMydumperWritesThemStayWhole() throws IOException {
        String body = "CREATE DEFINER=`root`@`localhost` PROCEDURE `p`()\nBEGIN SELECT 1; \nSELECT 2; \nEND";
        assertEquals(List.of("DROP PROCEDURE IF EXISTS `p`", body), split("DROP PROCEDURE IF EXISTS `p`;\n" + body + ";\n"));
    }

    @Test
    void aSemicolonAtALineEndInsideQuotesOrCommentsDoesNotEndTheStatement() throws IOException {
        assertEquals(List.of("SELECT 'a;\nb', \"c;\nd\", `e;\nf`", "SELECT 1 /* x;\ny */ + 2", "SELECT 3 -- z;\n+ 4",
                        "SELECT 'it''s;\n', 'back\\'slash;\n'"),
                split("SELECT 'a;\nb', \"c;\nd\", `e;\nf`;\nSELECT 1 /* x;\ny */ + 2;\nSELECT 3 -- z;\n+ 4;\n"
                        + "SELECT 'it''s;\n', 'back\\'slash;\n';\n"));
    }

    @Test
    void twoMinusSignsAreNotAComment() throws IOException {
        assertEquals(List.of("SELECT 5--1", "SELECT 6"), split("SELECT 5--1;\nSELECT 6;\n"));
    }

    @Test
    void aLastStatementNeedsNoLineBreakOrSemicolon() throws IOException {
        assertEquals(List.of("SELECT 1", "SELECT 2"), split("SELECT 1;\nSELECT 2;"));
        assertEquals(List.of("SELECT 1", "SELECT 2"), split("SELECT 1;\nSELECT 2\n\n"));
        assertEquals(List.of(), split("\n\n  \n"));
    }

    @Test
    void aFileThatEndsInsideAStringIsDamaged() {
        DumpFileException e = assertThrows(DumpFileException.class, () -> split("INSERT INTO t VALUES ('abc"));
        assertTrue(e.getMessage().contains("f.sql ends inside a quoted string"), e.getMessage());
    }

    @Test
    void aStatementLargerThanTheLimitIsRefused() {
        byte[] big = ("INSERT INTO t VALUES ('" + "x".repeat(300_000) + "');\n").getBytes(StandardCharsets.US_ASCII);
        DumpFileException e = assertThrows(DumpFileException.class, () -> split(big, 100_000));
        assertTrue(e.getMessage().contains("larger than 100000 bytes"), e.getMessage());
    }

    @Test
    void statementsLongerThanTheReadBlockComeWhole() throws IOException {
        String value = "y".repeat(200_000);
        assertEquals(List.of("INSERT INTO t VALUES ('" + value + "')", "SELECT 1"),
                split("INSERT INTO t VALUES ('" + value + "');\nSELECT 1;\n"));
    }

    @Test
    void sessionSettingsAreRecognised() throws IOException {
        StatementReader r = new StatementReader(new ByteArrayInputStream(
                "/*!40101 SET NAMES binary*/;\nSET SQL_MODE='';\nINSERT INTO settings VALUES (1);\nSELECT 1;\n".getBytes()), "f", 1 << 20);
        assertTrue(r.next().isSessionSetting());
        assertTrue(r.next().isSessionSetting());
        assertFalse(r.next().isSessionSetting());
        assertFalse(r.next().isSessionSetting());
    }

    @Test
    void nonUtf8LiteralsBecomeHexLiteralsOfTheSameBytes() throws IOException {
        byte[] sql = concat("INSERT INTO t VALUES (1,_binary\"caf".getBytes(StandardCharsets.US_ASCII), new byte[]{(byte) 0xE9},
                "\\\"\\n\\\\\",'ok é')".getBytes(StandardCharsets.UTF_8));
        SqlStatement s = new StatementReader(new ByteArrayInputStream(sql), "f", 1 << 20).next();
        assertFalse(s.ascii());
        // café"\n\ (E9 is latin1 é, not UTF-8) becomes hex; the valid UTF-8 literal stays as it is
        assertEquals("INSERT INTO t VALUES (1,_binary X'636166E9220A5C','ok é')", StatementText.of(s, "f"));
    }

    @Test
    void validUtf8PassesUnchanged() throws IOException {
        String text = "INSERT INTO t VALUES ('Zürich 日本 😀')";
        SqlStatement s = new StatementReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "f", 1 << 20).next();
        assertEquals(text, StatementText.of(s, "f"));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}

package io.sqlbackup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @Test
    void defaultsThenFileThenEnvironmentThenSet(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("ops.properties"), "sqlbackup.bucket=file:/from-file\nsqlbackup.compression=zstd\n"
                + "sqlbackup.dump.chunk-size=1MB\n");
        Settings s = new SettingsLoader(Map.of("SQLBACKUP_COMPRESSION", "gzip", "SQLBACKUP_DUMP_CHUNK_SIZE", "2MB",
                "SQLBACKUP_SOURCE_URL", "jdbc:mariadb://replica:3306/"))
                .load(file, List.of("sqlbackup.dump.chunk-size=4MB"));
        assertEquals("0 0 2 * * ?", s.get("sqlbackup.schedule"), "embedded default");
        assertEquals("file:/from-file", s.get("sqlbackup.bucket"), "file over defaults");
        assertEquals("gzip", s.get("sqlbackup.compression"), "environment over file");
        assertEquals("jdbc:mariadb://replica:3306/", s.get("sqlbackup.source.url"), "environment, '-' and '.' as '_'");
        assertEquals(4L << 20, s.getBytes("sqlbackup.dump.chunk-size", 0), "--set over environment");
    }

    @Test
    void secretsStayOutOfCamelProperties() {
        Settings s = new SettingsLoader(Map.of()).load(null, List.of("sqlbackup.key=hunter2", "sqlbackup.source.password=pw"));
        assertFalse(s.placeholderProperties().containsKey("sqlbackup.key"));
        assertFalse(s.placeholderProperties().containsKey("sqlbackup.source.password"));
        assertTrue(s.placeholderProperties().containsKey("sqlbackup.source.url"));
        assertFalse(s.toString().contains("hunter2"));
        assertFalse(s.toString().contains("=pw"));
    }

    @Test
    void aMisspeltKeyIsRefusedWithTheKeyItWasMeantToBe(@TempDir Path tmp) throws Exception {
        BadAssignmentException set = assertThrows(BadAssignmentException.class,
                () -> new SettingsLoader(Map.of()).load(null, List.of("sqlbackup.primary.ur=jdbc:mariadb://db:3306/")));
        assertTrue(set.getMessage().contains("sqlbackup.primary.ur (in --set) is not a setting")
                && set.getMessage().contains("did you mean sqlbackup.primary.url?"), set.getMessage());
        Path file = Files.writeString(tmp.resolve("ops.properties"), "sqlbackup.buckett=gs://b/p\n");
        ConfigurationException inFile = assertThrows(ConfigurationException.class,
                () -> new SettingsLoader(Map.of()).load(file, List.of()));
        assertFalse(inFile instanceof BadAssignmentException, "a file's key is a configuration error, not bad usage");
        assertTrue(inFile.getMessage().contains("sqlbackup.buckett (in " + file + ")")
                && inFile.getMessage().contains("did you mean sqlbackup.bucket?"), inFile.getMessage());
        BadAssignmentException source = assertThrows(BadAssignmentException.class,
                () -> new SettingsLoader(Map.of()).load(null, List.of("sqlbackup.sources.en.ulr=jdbc:mariadb://db:3306/")));
        assertTrue(source.getMessage().contains("a source takes sqlbackup.sources.NAME.bucket, .password, .schedule, .url, .user"),
                source.getMessage());
        assertThrows(BadAssignmentException.class, () -> new SettingsLoader(Map.of()).load(null, List.of("nonsense")));
    }

    @Test
    void sourcesAndCamelKeysAreAccepted() {
        Settings s = new SettingsLoader(Map.of()).load(null, List.of("sqlbackup.sources.en.url=jdbc:mariadb://db:3306/",
                "sqlbackup.sources.en.schedule=0 0 4 * * ?", "camel.main.name=other"));
        assertEquals("0 0 4 * * ?", s.get("sqlbackup.sources.en.schedule"));
        assertEquals("other", s.get("camel.main.name"));
    }

    @Test
    void aVariableThatFillsNoKeyIsLeftOutWithAWarningNamingTheMeantOne() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SettingsLoader.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        Settings s;
        try {
            s = new SettingsLoader(Map.of("SQLBACKUP_PRIMARY_UR", "jdbc:mariadb://db:3306/", "SQLBACKUP_LOG_LEVEL", "DEBUG",
                    "SQLBACKUP_SOURCE_URL", "jdbc:mariadb://replica:3306/")).load(null, List.of());
        } finally {
            logger.detachAppender(seen);
        }
        assertEquals("jdbc:mariadb://127.0.0.1:3306/", s.get("sqlbackup.primary.url"), "the misspelt variable fills nothing");
        List<String> warnings = seen.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("SQLBACKUP_PRIMARY_UR fills no setting")
                && warnings.get(0).contains("did you mean SQLBACKUP_PRIMARY_URL (sqlbackup.primary.url)?"), warnings.get(0));
        assertFalse(warnings.get(0).contains("db:3306"), "the value is not repeated: it could be a password");
    }
}

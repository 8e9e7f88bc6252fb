package io.sqlbackup.bucket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** sqlbackup.bucket = gs://... and the sqlbackup.gcs.* keys are checked before anything is contacted. */
class GcsSettingsTest {

    private static Settings settings(String location, String... keyValues) {
        Map<String, String> map = new HashMap<>();
        map.put("sqlbackup.bucket", location);
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new Settings(map);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "gs://", "gs:///prefix", "gs://Backups/x", "gs://ab", "gs://-backups", "gs://backups-", "gs://back..ups",
        "gs://back.-ups", "gs://192.168.1.10", "gs://goog-backups", "gs://my-google-backups", "gs://back ups",
        "gs://backups:443/x", "gs://user@backups/x", "gs://backups?x=1", "gs://backups/x?y=1", "gs://backups/x#frag",
        "gs://backups/a//b", "gs://backups//", "gs://backups/a/../b", "gs://backups/./a", "gs://backups/a b",
        "gs://backups/a\tb", "gs://backups/a*", "gs://backups/a[1]", "gs://backups/a\\b",
        "gs:/backups/x", "gs:backups", "GS://backups/x", "gcs://backups/x", "s3://backups/x",
        "gs://a23456789012345678901234567890123456789012345678901234567890123x"
    })
    void badLocationsAreRefusedNamingTheKey(String location) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> BucketLocation.open(settings(location, "sqlbackup.gcs.host", "http://127.0.0.1:9")));
        assertEquals("sqlbackup.bucket", e.configKey(), e.getMessage());
        assertTrue(e.getMessage().contains("sqlbackup.bucket"), e.getMessage());
    }

    @Test
    void goodLocationsAreSplitIntoBucketAndPrefix() {
        GcsSettings top = GcsSettings.from(settings("gs://backups"));
        assertEquals("backups", top.bucket());
        assertEquals("", top.prefix());
        assertEquals("gs://backups", top.describe());
        assertEquals("x.tar.gz", top.objectName("x.tar.gz"));

        assertEquals("", GcsSettings.from(settings("gs://backups/")).prefix());

        GcsSettings nested = GcsSettings.from(settings("gs://my_backups.example.com/prod/db-1/"));
        assertEquals("my_backups.example.com", nested.bucket());
        assertEquals("prod/db-1", nested.prefix());
        assertEquals("prod/db-1/x.tar.gz", nested.objectName("x.tar.gz"));
        assertEquals("prod/db-1/", nested.listPrefix());
        assertEquals("gs://my_backups.example.com/prod/db-1", nested.describe());
    }

    @Test
    void defaults() {
        GcsSettings s = GcsSettings.from(settings("gs://backups/x"));
        assertNull(s.host());
        assertNull(s.project());
        assertNull(s.credentialsFile());
        assertEquals(16 * 1024 * 1024, s.chunkSize());
        assertEquals(6, s.attempts());
        assertEquals(Duration.ofSeconds(1), s.retryDelay());
        assertEquals(Duration.ofSeconds(60), s.timeout());
    }

    @Test
    void tuningKeysAreParsed() {
        GcsSettings s = GcsSettings.from(settings("gs://backups/x", "sqlbackup.gcs.chunk-size", "8MB",
                "sqlbackup.gcs.retries", "3", "sqlbackup.gcs.retry-delay", "250ms", "sqlbackup.gcs.timeout", "PT2M",
                "sqlbackup.gcs.host", "http://localhost:4443/", "sqlbackup.gcs.project", "my-project"));
        assertEquals(8 * 1024 * 1024, s.chunkSize());
        assertEquals(3, s.attempts());
        assertEquals(Duration.ofMillis(250), s.retryDelay());
        assertEquals(Duration.ofMinutes(2), s.timeout());
        assertEquals("http://localhost:4443", s.host());
        assertEquals("my-project", s.project());
    }

    @Test
    void theRetryPolicyFollowsTheSettings() {
        var retry = GcsClient.retrySettings(GcsSettings.from(settings("gs://backups/x", "sqlbackup.gcs.retries", "4",
                "sqlbackup.gcs.retry-delay", "2s")));
        assertEquals(4, retry.getMaxAttempts());
        assertEquals(Duration.ofSeconds(2), retry.getInitialRetryDelayDuration());
        assertEquals(2.0, retry.getRetryDelayMultiplier());
        assertTrue(retry.getTotalTimeoutDuration().compareTo(Duration.ofMinutes(5)) > 0,
                "attempts, not a total time, bound the retries: " + retry.getTotalTimeoutDuration());
    }

    @ParameterizedTest
    @ValueSource(strings = {"300KB", "100000", "1GB", "0", "-1", "lots"})
    void chunkSizeMustBeAMultipleOf256KiB(String size) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> GcsSettings.from(settings("gs://backups/x", "sqlbackup.gcs.chunk-size", size)));
        assertEquals("sqlbackup.gcs.chunk-size", e.configKey());
    }

    @Test
    void badTuningValuesNameTheirKey() {
        assertEquals("sqlbackup.gcs.retries", assertThrows(ConfigurationException.class,
                () -> GcsSettings.from(settings("gs://b12/x", "sqlbackup.gcs.retries", "0"))).configKey());
        assertEquals("sqlbackup.gcs.retries", assertThrows(ConfigurationException.class,
                () -> GcsSettings.from(settings("gs://b12/x", "sqlbackup.gcs.retries", "many"))).configKey());
        assertEquals("sqlbackup.gcs.retry-delay", assertThrows(ConfigurationException.class,
                () -> GcsSettings.from(settings("gs://b12/x", "sqlbackup.gcs.retry-delay", "soon"))).configKey());
        assertEquals("sqlbackup.gcs.timeout", assertThrows(ConfigurationException.class,
                () -> GcsSettings.from(settings("gs://b12/x", "sqlbackup.gcs.timeout", "0s"))).configKey());
        for (String host : new String[] {"localhost:4443", "ftp://h", "http://h/path", "http://h?x", "http://user@h"}) {
            assertEquals("sqlbackup.gcs.host", assertThrows(ConfigurationException.class,
                    () -> GcsSettings.from(settings("gs://b12/x", "sqlbackup.gcs.host", host))).configKey(), host);
        }
    }

    @Test
    void aMissingKeyFileIsAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> BucketLocation.open(
                settings("gs://backups/x", "sqlbackup.gcs.credentials-file", "/nonexistent/key.json")));
        assertEquals("sqlbackup.gcs.credentials-file", e.configKey());
        assertTrue(e.getMessage().contains("/nonexistent/key.json") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void aBrokenKeyFileIsReportedWithoutItsContents(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("key.json");
        String secret = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n";
        Files.writeString(key, "{\"type\": \"service_account\", \"private_key\": \"" + secret + "\", \"client_email\": ");

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> BucketLocation.open(
                settings("gs://backups/x", "sqlbackup.gcs.credentials-file", key.toString())));

        assertEquals("sqlbackup.gcs.credentials-file", e.configKey());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("MIIEvQ"), "key material in: " + t.getMessage());
        }
        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
    }
}

package io.sqlbackup.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.sqlbackup.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every failure path, provoked with distinctive keys: the keys appear in no message, toString or
 * stack trace of the failure, in no log line (with every logger at TRACE), and in no JMX attribute.
 */
class KeySecrecyTest {

    private static final String CURRENT = "Zq9-Marmot-Quasar-4471";
    private static final String OLDER = "Yv3-Narwhal-Pulsar-8823";
    private static final List<String> FORBIDDEN = List.of(CURRENT, OLDER,
            Base64.getEncoder().encodeToString(CURRENT.getBytes(UTF_8)),
            Base64.getEncoder().encodeToString((CURRENT + "\n" + OLDER + "\n").getBytes(UTF_8)));

    private static final String CANARY = "log capture check";
    private static final String TEST_API_SERVER = "io.fabric8.kubernetes.client.server.mock";

    private static KubernetesApi api;

    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final Map<String, Level> levels = new HashMap<>();

    @BeforeAll
    static void startApi() {
        api = new KubernetesApi();
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @BeforeEach
    void captureEveryLogLine() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender); // keeps TRACE output of every library off the console
        logs.start();
        root.addAppender(logs);
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "io.sqlbackup", "org.apache.camel", "io.fabric8")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
        LoggerFactory.getLogger(KeyRing.class).trace(CANARY);
    }

    @AfterEach
    void restoreLoggingAndCheckTheLog() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        detached.forEach(root::addAppender);
        levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        assertTrue(logs.list.stream().anyMatch(e -> CANARY.equals(e.getFormattedMessage())), "the log was captured at TRACE");
        for (ILoggingEvent event : logs.list) {
            if (event.getLoggerName().startsWith(TEST_API_SERVER)) {
                continue; // the test's Kubernetes API server prints the secrets it stores and serves
            }
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertClean(line, "log line of " + event.getLoggerName());
        }
    }

    private static void assertClean(String text, String where) {
        for (String secret : FORBIDDEN) {
            assertFalse(text.contains(secret), () -> "a key reached the " + where + ": " + text.replace(secret, "<KEY>"));
        }
    }

    /** Runs the failure and checks the whole exception: messages, toString and causes, as a stack trace prints them. */
    private static void assertFailsWithoutKey(Class<? extends Throwable> expected, Executable failure) {
        Throwable e = assertThrows(expected, failure);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertTrue(trace.toString().length() > 0);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertClean(String.valueOf(t.getMessage()) + t, "exception " + t.getClass().getName());
        }
        assertClean(trace.toString(), "stack trace");
    }

    private static Settings settings(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new Settings(m);
    }

    private static KeyRing ring() {
        return new KeyRing(List.of(CURRENT.getBytes(UTF_8), OLDER.getBytes(UTF_8)), "the key file /keys", "sqlbackup.key-file");
    }

    private static byte[] gzipArchive() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("INSERT INTO t VALUES (1);\n".repeat(5000).getBytes(UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] encrypt(byte[] plain, String key) throws Exception {
        try (InputStream in = new OpensslEncryptingInputStream(new ByteArrayInputStream(plain), key.getBytes(UTF_8), 10000)) {
            return in.readAllBytes();
        }
    }

    private static void decryptAll(byte[] encrypted, DecryptionCandidates candidates) throws Exception {
        try (InputStream in = OpensslDecryptingInputStream.open(new ByteArrayInputStream(encrypted), candidates)) {
            in.readAllBytes();
        }
    }

    @Test
    void conflictingSources() throws Exception {
        Path file = Files.writeString(tmp.resolve("keys"), OLDER + "\n");
        assertFailsWithoutKey(RuntimeException.class,
                () -> KeyRing.fromSettings(settings("sqlbackup.key", CURRENT, "sqlbackup.key-file", file.toString())));
        assertFailsWithoutKey(RuntimeException.class,
                () -> KeyRing.fromSettings(settings("sqlbackup.key", CURRENT, "sqlbackup.key-secret", "backup-openssl-key")));
    }

    @Test
    void keyFileWithoutCurrentKey() throws Exception {
        Path file = Files.writeString(tmp.resolve("keys"), "\n" + OLDER + "\n");
        assertFailsWithoutKey(RuntimeException.class, () -> KeyRing.fromSettings(settings("sqlbackup.key-file", file.toString())));
        Path unreadable = Files.createDirectory(tmp.resolve("a-directory"));
        assertFailsWithoutKey(RuntimeException.class,
                () -> KeyRing.fromSettings(settings("sqlbackup.key-file", unreadable.toString())));
    }

    @Test
    void secretFailures() {
        api.putSecret("leaks", "other-data-key", Map.of("passphrase", CURRENT.getBytes(UTF_8)));
        api.putSecret("leaks", "blank-first-line", Map.of("key", ("\n" + OLDER + "\n").getBytes(UTF_8)));
        api.putRawSecret("leaks", "not-base64", "key", "!" + CURRENT);
        api.forbid("leaks", "forbidden");
        for (String name : List.of("other-data-key", "blank-first-line", "not-base64", "forbidden", "missing")) {
            assertFailsWithoutKey(RuntimeException.class, () -> KeyRing.fromSettings(api.settingsFor(name, "leaks")));
        }
    }

    @Test
    void keyRingFromTheSecretPrintsNoKey() {
        api.putSecret("leaks", "good", Map.of("key", (CURRENT + "\n" + OLDER + "\n").getBytes(UTF_8)));
        KeyRing ring = KeyRing.fromSettings(api.settingsFor("good", "leaks"));
        assertClean(ring.toString(), "KeyRing.toString");
        assertClean(ring.decryptionCandidates(10000, ExpectedPlaintext.archive).toString(), "DecryptionCandidates.toString");
        assertClean(new KubernetesKeySecret("good", "leaks", null).toString(), "KubernetesKeySecret.toString");
        assertClean(settings("sqlbackup.key", CURRENT).toString(), "Settings.toString");
    }

    @Test
    void decryptionFailures() throws Exception {
        byte[] archive = gzipArchive();
        byte[] byOtherKey = encrypt(archive, "some key not in the ring");
        byte[] byCurrentKey = encrypt(archive, CURRENT);
        // No key fits the start.
        assertFailsWithoutKey(Exception.class,
                () -> decryptAll(byOtherKey, ring().decryptionCandidates(10000, ExpectedPlaintext.archive)));
        // Bad padding at the end: the right key, but the last block is missing (the gzip trailer's last
        // byte, 0, is never valid padding, so this fails the same way every run).
        assertFailsWithoutKey(Exception.class, () -> decryptAll(Arrays.copyOf(byCurrentKey, byCurrentKey.length - 16),
                ring().decryptionCandidates(10000, ExpectedPlaintext.archive)));
        // Truncated inside a block, inside the header, and not openssl's format at all.
        assertFailsWithoutKey(Exception.class, () -> decryptAll(Arrays.copyOf(byCurrentKey, byCurrentKey.length - 3),
                ring().decryptionCandidates(10000, ExpectedPlaintext.archive)));
        assertFailsWithoutKey(Exception.class, () -> decryptAll(Arrays.copyOf(byCurrentKey, 12),
                ring().decryptionCandidates(10000, ExpectedPlaintext.archive)));
        assertFailsWithoutKey(Exception.class, () -> decryptAll(archive, ring().decryptionCandidates(10000, ExpectedPlaintext.archive)));
    }

    @Test
    void camelFailuresAndJmxAttributes() throws Exception {
        CamelContext context = new DefaultCamelContext();
        try {
            context.getRegistry().bind("keyRing", ring());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:encrypt").routeId("secrecy-encrypt").to("openssl:encrypt");
                    from("direct:decrypt").routeId("secrecy-decrypt").to("openssl:decrypt");
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            try (InputStream in = template.requestBody("direct:encrypt", new ByteArrayInputStream(gzipArchive()), InputStream.class)) {
                in.readAllBytes();
            }
            byte[] lost = encrypt(gzipArchive(), "some key not in the ring");
            assertFailsWithoutKey(Exception.class,
                    () -> template.requestBody("direct:decrypt", new ByteArrayInputStream(lost), InputStream.class));

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:context=" + context.getName() + ",*"), null);
            assertTrue(names.size() > 5, "Camel registered its MBeans: " + names);
            int read = 0;
            for (ObjectName name : names) {
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    if (!attribute.isReadable()) {
                        continue;
                    }
                    Object value;
                    try {
                        value = server.getAttribute(name, attribute.getName());
                    } catch (Exception unreadable) {
                        continue;
                    }
                    read++;
                    String text = value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value);
                    assertClean(text, "JMX attribute " + name + " " + attribute.getName());
                }
            }
            assertTrue(read > 50, "read " + read + " JMX attributes");
        } finally {
            context.stop();
        }
    }
}

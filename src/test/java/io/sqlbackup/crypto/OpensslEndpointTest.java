package io.sqlbackup.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code openssl:} endpoints in a Camel context, with the ring bound as the service binds it. */
class OpensslEndpointTest {

    private static final KeyRing RING = new KeyRing(List.of("current".getBytes(UTF_8), "older".getBytes(UTF_8)),
            "the key file /test/keys", "sqlbackup.key-file");

    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.getRegistry().bind("keyRing", RING);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:encrypt").to("openssl:encrypt");
                from("direct:decrypt").to("openssl:decrypt");
                from("direct:decrypt-any").to("openssl:decrypt?expect=any");
            }
        });
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private byte[] through(String endpoint, byte[] body) throws IOException {
        try (InputStream out = template.requestBody(endpoint, new ByteArrayInputStream(body), InputStream.class)) {
            return out.readAllBytes();
        }
    }

    @Test
    void encryptsWithTheCurrentKeyAndDecryptsArchivesOfAnyKeyInTheRing() throws Exception {
        byte[] archive = gzip("INSERT INTO t VALUES (1);\n".repeat(10_000).getBytes(UTF_8));
        assertArrayEquals(archive, through("direct:decrypt", through("direct:encrypt", archive)));

        byte[] byOlderKey;
        try (InputStream in = new OpensslEncryptingInputStream(new ByteArrayInputStream(archive), "older".getBytes(UTF_8), 10000)) {
            byOlderKey = in.readAllBytes();
        }
        assertArrayEquals(archive, through("direct:decrypt", byOlderKey));
    }

    @Test
    void noFittingKeyFailsTheStepWithTheTypedFailureAndReleasesTheBody() throws Exception {
        byte[] lost;
        try (InputStream in = new OpensslEncryptingInputStream(new ByteArrayInputStream(gzip(randomBytes(5000))),
                "a key no longer kept".getBytes(UTF_8), 10000)) {
            lost = in.readAllBytes();
        }
        boolean[] closed = {false};
        InputStream body = new ByteArrayInputStream(lost) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBody("direct:decrypt", body, InputStream.class));
        WrongKeyException wrong = assertInstanceOf(WrongKeyException.class, e.getCause());
        assertTrue(wrong.getMessage().startsWith("wrong key or corrupted archive: none of the 2 configured keys decrypts it "
                + "(tried pbkdf2 with 10000 iterations, md5, sha256; keys from the key file /test/keys)"), wrong.getMessage());
        assertEquals("sqlbackup.key-file", wrong.configKey());
        assertTrue(closed[0], "the body stream is closed when nothing will read it");
    }

    @Test
    void expectAnyDecryptsWhatIsNoArchiveWithTheCurrentKey() throws Exception {
        byte[] notAnArchive = randomBytes(70_000);
        byte[] encrypted = through("direct:encrypt", notAnArchive);
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> through("direct:decrypt", encrypted));
        assertInstanceOf(WrongKeyException.class, e.getCause(), "expect=archive (the default) refuses a non-archive");
        assertArrayEquals(notAnArchive, through("direct:decrypt-any", encrypted));
    }
}

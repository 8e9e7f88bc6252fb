package io.sqlbackup.crypto;

import io.sqlbackup.SqlBackupException;
import io.sqlbackup.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the body stream so it is encrypted or decrypted as the next stage reads it. Decryption
 * reads the archive's header and first blocks here, so a key that fits no archive fails this
 * step before anything downstream starts.
 */
public class OpensslProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(OpensslProducer.class);

    private final OpensslEndpoint endpoint;

    public OpensslProducer(OpensslEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        InputStream body = exchange.getMessage().getMandatoryBody(InputStream.class);
        KeyRing keys = endpoint.getComponent().getKeyRing();
        if (keys == null) {
            // The service checks the key before starting for every command that encrypts or decrypts.
            throw new ConfigurationException("no encryption key configured: set sqlbackup.key, sqlbackup.key-file or "
                    + "sqlbackup.key-secret", "sqlbackup.key");
        }
        InputStream result = switch (endpoint.getOperation()) {
            case encrypt -> encrypt(body, keys);
            case decrypt -> decrypt(body, keys);
        };
        exchange.getMessage().setBody(result);
    }

    private InputStream encrypt(InputStream body, KeyRing keys) {
        byte[] key = keys.encryptionKey();
        try {
            return new OpensslEncryptingInputStream(body, key, endpoint.getIterations());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private InputStream decrypt(InputStream body, KeyRing keys) throws IOException {
        OpensslDecryptingInputStream plain;
        try {
            plain = OpensslDecryptingInputStream.open(body,
                    keys.decryptionCandidates(endpoint.getIterations(), endpoint.getExpect()));
        } catch (IOException | RuntimeException e) {
            // Nobody will read the body now: give its connection or file back.
            try {
                body.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            // Before any byte is handed on, the typed failure itself says it best (no IOException wrapper).
            if (e instanceof IOException && e.getCause() instanceof SqlBackupException known) {
                throw known;
            }
            throw e;
        }
        if (plain.openedWithOlderKeyOrDerivation()) {
            LOG.info("Archive opened with {}", plain.openedWith());
        } else {
            LOG.debug("Archive opened with {}", plain.openedWith());
        }
        return plain;
    }
}

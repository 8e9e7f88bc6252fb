package io.sqlbackup.crypto;

import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Wraps the body stream so it is encrypted or decrypted as the next stage reads it. */
public class OpensslProducer extends DefaultProducer {

    private final OpensslEndpoint endpoint;

    public OpensslProducer(OpensslEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        InputStream body = exchange.getMessage().getMandatoryBody(InputStream.class);
        KeyRing keyRing = endpoint.getComponent().getKeyRing();
        if (keyRing == null) {
            // The service checks the key before starting for every command that encrypts or decrypts.
            throw new io.sqlbackup.config.ConfigurationException("no encryption key configured: set sqlbackup.key or sqlbackup.key-file",
                    "sqlbackup.key");
        }
        byte[] key = keyRing.encryptionKey();
        try {
            InputStream result = switch (endpoint.getOperation()) {
                case encrypt -> new OpensslEncryptingInputStream(body, key, endpoint.getIterations());
                case decrypt -> new OpensslDecryptingInputStream(body, key, endpoint.getIterations());
            };
            exchange.getMessage().setBody(result);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }
}

package io.sqlbackup.crypto;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code openssl:encrypt} and {@code openssl:decrypt}: streams in the format of {@code openssl enc
 * -aes256 -pbkdf2} (and, to decrypt older archives, without {@code -pbkdf2}). The keys come from
 * the {@link KeyRing} bean, never from the URI.
 */
@Component("openssl")
public class OpensslComponent extends DefaultComponent {

    /** The passphrases (a KeyRing bean); autowired from the registry so keys never appear in URIs. */
    @Metadata(autowired = true, required = true)
    private KeyRing keyRing;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        OpensslEndpoint endpoint = new OpensslEndpoint(uri, this);
        endpoint.setOperation(OpensslOperation.parse(remaining));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public KeyRing getKeyRing() {
        return keyRing;
    }

    public void setKeyRing(KeyRing keyRing) {
        this.keyRing = keyRing;
    }
}

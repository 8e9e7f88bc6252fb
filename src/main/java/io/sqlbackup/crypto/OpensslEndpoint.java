package io.sqlbackup.crypto;

import io.sqlbackup.config.ConfigurationException;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Encrypts the body stream as {@code openssl enc -aes256 -pbkdf2} does, with the ring's current
 * key; decrypts what {@code openssl enc -aes256} wrote with or without {@code -pbkdf2}, with any
 * key in the ring.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "openssl", title = "OpenSSL enc", syntax = "openssl:operation",
        producerOnly = true, remote = false, category = {Category.SECURITY})
public class OpensslEndpoint extends DefaultEndpoint {

    /** encrypt or decrypt. */
    @UriPath
    @Metadata(required = true)
    private OpensslOperation operation;

    /**
     * PBKDF2 iterations, as {@code openssl enc -iter N}; openssl's default with -pbkdf2 is 10000.
     * Decryption also tries 10000 when this differs, so archives made before a change still open.
     */
    @UriParam(defaultValue = "10000")
    private int iterations = 10000;

    /**
     * decrypt only: what the plaintext starts with. {@code archive} (gzip, zstd or tar) lets every key
     * in the ring and every key derivation openssl enc may have used be tried on the first blocks,
     * so older archives open without saying how they were made; {@code any} uses the current key with
     * PBKDF2 only, and a wrong key shows as bad padding at the end.
     */
    @UriParam(defaultValue = "archive")
    private ExpectedPlaintext expect = ExpectedPlaintext.archive;

    public OpensslEndpoint(String uri, OpensslComponent component) {
        super(uri, component);
    }

    @Override
    public OpensslComponent getComponent() {
        return (OpensslComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new OpensslProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("openssl: endpoints only produce");
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (iterations < 1) {
            throw new ConfigurationException("sqlbackup.crypto.iterations must be at least 1", "sqlbackup.crypto.iterations");
        }
    }

    public OpensslOperation getOperation() {
        return operation;
    }

    public void setOperation(OpensslOperation operation) {
        this.operation = operation;
    }

    public ExpectedPlaintext getExpect() {
        return expect;
    }

    public void setExpect(ExpectedPlaintext expect) {
        this.expect = expect;
    }

    public int getIterations() {
        return iterations;
    }

    public void setIterations(int iterations) {
        this.iterations = iterations;
    }
}

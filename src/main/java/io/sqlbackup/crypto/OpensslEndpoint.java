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

/** Encrypts or decrypts the body stream byte-compatibly with {@code openssl enc -aes256 -pbkdf2}. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "openssl", title = "OpenSSL enc", syntax = "openssl:operation",
        producerOnly = true, remote = false, category = {Category.SECURITY})
public class OpensslEndpoint extends DefaultEndpoint {

    /** encrypt or decrypt. */
    @UriPath
    @Metadata(required = true)
    private OpensslOperation operation;

    /** PBKDF2 iterations, as {@code openssl enc -iter N}; openssl's default with -pbkdf2 is 10000. */
    @UriParam(defaultValue = "10000")
    private int iterations = 10000;

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

    public int getIterations() {
        return iterations;
    }

    public void setIterations(int iterations) {
        this.iterations = iterations;
    }
}

package io.sqlbackup.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a stream as it is read into the bytes {@code openssl enc -e -aes256 -pbkdf2 -iter N}
 * writes: header and salt, then AES-256-CBC with PKCS#7 padding. Works on the reader's thread,
 * one buffer at a time.
 */
public final class OpensslEncryptingInputStream extends InputStream {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final InputStream plain;
    private final Cipher cipher;
    private final byte[] in = new byte[64 * 1024];
    private byte[] out;
    private int outPos;
    private int outLen;
    private boolean done;

    public OpensslEncryptingInputStream(InputStream plain, byte[] passphrase, int iterations) {
        this.plain = plain;
        byte[] salt = new byte[OpensslFormat.SALT_LENGTH];
        RANDOM.nextBytes(salt);
        byte[] keyAndIv = OpensslKdf.pbkdf2Sha256(passphrase, salt, iterations);
        try {
            cipher = Cipher.getInstance(OpensslFormat.CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(OpensslKdf.key(keyAndIv), "AES"),
                    new IvParameterSpec(OpensslKdf.iv(keyAndIv)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot do AES-256-CBC", e);
        } finally {
            java.util.Arrays.fill(keyAndIv, (byte) 0);
        }
        out = new byte[in.length + 32];
        System.arraycopy(OpensslFormat.MAGIC, 0, out, 0, OpensslFormat.MAGIC.length);
        System.arraycopy(salt, 0, out, OpensslFormat.MAGIC.length, salt.length);
        outLen = OpensslFormat.HEADER_LENGTH;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outPos == outLen) {
            if (done) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    private void fill() throws IOException {
        outPos = 0;
        int n = plain.read(in);
        try {
            if (n < 0) {
                outLen = cipher.doFinal(out, 0);
                done = true;
            } else {
                outLen = cipher.update(in, 0, n, out, 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        plain.close();
    }
}

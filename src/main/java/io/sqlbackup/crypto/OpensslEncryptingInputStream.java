package io.sqlbackup.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * Encrypts a stream as it is read into the bytes {@code openssl enc -e -aes256 -pbkdf2 -iter N}
 * writes: {@code Salted__} and a fresh 8-byte salt, then AES-256-CBC with PKCS#7 padding.
 */
public final class OpensslEncryptingInputStream extends CipherPumpInputStream {

    private static final SecureRandom RANDOM = new SecureRandom();

    public OpensslEncryptingInputStream(InputStream plain, byte[] passphrase, int iterations) {
        super(plain);
        byte[] salt = new byte[OpensslFormat.SALT_LENGTH];
        RANDOM.nextBytes(salt);
        byte[] keyAndIv = KeyDerivation.pbkdf2Sha256(iterations).keyAndIv(passphrase, salt);
        try {
            byte[] header = Arrays.copyOf(OpensslFormat.MAGIC, OpensslFormat.HEADER_LENGTH);
            System.arraycopy(salt, 0, header, OpensslFormat.MAGIC.length, salt.length);
            begin(OpensslFormat.cipher(OpensslFormat.CIPHER, Cipher.ENCRYPT_MODE, keyAndIv), header);
        } finally {
            Arrays.fill(keyAndIv, (byte) 0);
        }
    }

    @Override
    IOException failure(GeneralSecurityException e) {
        return new IOException("encryption failed", e);
    }
}

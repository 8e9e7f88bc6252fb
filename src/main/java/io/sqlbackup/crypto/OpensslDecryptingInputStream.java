package io.sqlbackup.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts, as it is read, what {@code openssl enc -e -aes256 -pbkdf2} wrote. A wrong key shows up
 * as bad padding at the end (or as garbage the next stage rejects first); either way the reader
 * gets an IOException caused by a {@link WrongKeyException}, never silently wrong bytes at the end.
 */
public final class OpensslDecryptingInputStream extends CipherPumpInputStream {

    public OpensslDecryptingInputStream(InputStream encrypted, byte[] passphrase, int iterations) throws IOException {
        super(encrypted);
        byte[] header = encrypted.readNBytes(OpensslFormat.HEADER_LENGTH);
        if (header.length < OpensslFormat.HEADER_LENGTH
                || !Arrays.equals(header, 0, OpensslFormat.MAGIC.length, OpensslFormat.MAGIC, 0, OpensslFormat.MAGIC.length)) {
            throw new IOException(new WrongKeyException(
                    "the archive does not start with openssl's Salted__ header: it is not an archive encrypted with openssl enc, or it is damaged"));
        }
        byte[] salt = Arrays.copyOfRange(header, OpensslFormat.MAGIC.length, OpensslFormat.HEADER_LENGTH);
        byte[] keyAndIv = OpensslKdf.pbkdf2Sha256(passphrase, salt, iterations);
        try {
            Cipher cipher = Cipher.getInstance(OpensslFormat.CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(OpensslKdf.key(keyAndIv), "AES"),
                    new IvParameterSpec(OpensslKdf.iv(keyAndIv)));
            begin(cipher, new byte[0]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot do AES-256-CBC", e);
        } finally {
            Arrays.fill(keyAndIv, (byte) 0);
        }
    }

    @Override
    IOException failure(GeneralSecurityException e) {
        if (e instanceof BadPaddingException || e instanceof IllegalBlockSizeException) {
            return new IOException(new WrongKeyException("wrong key or corrupted archive: the decrypted data does not end "
                    + "with valid padding; check sqlbackup.key / sqlbackup.key-file, or the archive is damaged"));
        }
        return new IOException("decryption failed", e);
    }
}

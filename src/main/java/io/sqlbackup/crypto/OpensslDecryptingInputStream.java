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
 * as bad padding at the end (or garbage the next stage rejects first); either way the reader gets
 * a {@link WrongKeyException}-caused IOException, never silently wrong bytes at the end.
 */
public final class OpensslDecryptingInputStream extends InputStream {

    private final InputStream encrypted;
    private final Cipher cipher;
    private final byte[] in = new byte[64 * 1024];
    private final byte[] out = new byte[in.length + 32];
    private int outPos;
    private int outLen;
    private boolean done;

    public OpensslDecryptingInputStream(InputStream encrypted, byte[] passphrase, int iterations) throws IOException {
        this.encrypted = encrypted;
        byte[] header = encrypted.readNBytes(OpensslFormat.HEADER_LENGTH);
        if (header.length < OpensslFormat.HEADER_LENGTH
                || !Arrays.equals(header, 0, OpensslFormat.MAGIC.length, OpensslFormat.MAGIC, 0, OpensslFormat.MAGIC.length)) {
            throw new IOException(new WrongKeyException(
                    "the archive does not start with openssl's Salted__ header: it is not an archive encrypted with openssl enc, or it is damaged"));
        }
        byte[] salt = Arrays.copyOfRange(header, OpensslFormat.MAGIC.length, OpensslFormat.HEADER_LENGTH);
        byte[] keyAndIv = OpensslKdf.pbkdf2Sha256(passphrase, salt, iterations);
        try {
            cipher = Cipher.getInstance(OpensslFormat.CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(OpensslKdf.key(keyAndIv), "AES"),
                    new IvParameterSpec(OpensslKdf.iv(keyAndIv)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot do AES-256-CBC", e);
        } finally {
            Arrays.fill(keyAndIv, (byte) 0);
        }
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
        int n = encrypted.read(in);
        try {
            if (n < 0) {
                outLen = cipher.doFinal(out, 0);
                done = true;
            } else {
                outLen = cipher.update(in, 0, n, out, 0);
            }
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new IOException(new WrongKeyException("wrong key or corrupted archive: the decrypted data does not end "
                    + "with valid padding; check sqlbackup.key / sqlbackup.key-file, or the archive is damaged"));
        } catch (GeneralSecurityException e) {
            throw new IOException("decryption failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        encrypted.close();
    }
}

package io.sqlbackup.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The container {@code openssl enc -aes256 -salt} writes: {@code Salted__}, 8 bytes of salt, then AES-256-CBC. */
final class OpensslFormat {

    static final byte[] MAGIC = "Salted__".getBytes(StandardCharsets.US_ASCII);
    static final int SALT_LENGTH = 8;
    static final int HEADER_LENGTH = MAGIC.length + SALT_LENGTH;
    static final int BLOCK_LENGTH = 16;
    /** What openssl writes: PKCS#7 padding (Java calls it PKCS5 for 16-byte blocks). */
    static final String CIPHER = "AES/CBC/PKCS5Padding";
    /** For trying keys on the first blocks only, where there is no padding to check yet. */
    static final String CIPHER_UNPADDED = "AES/CBC/NoPadding";

    private OpensslFormat() {
    }

    /** A cipher keyed from a derivation's output (key then IV); the caller still wipes keyAndIv. */
    static Cipher cipher(String transformation, int mode, byte[] keyAndIv) {
        byte[] key = Arrays.copyOfRange(keyAndIv, 0, KeyDerivation.KEY_LENGTH);
        try {
            Cipher cipher = Cipher.getInstance(transformation);
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(keyAndIv, KeyDerivation.KEY_LENGTH,
                    KeyDerivation.IV_LENGTH));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot do AES-256-CBC", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}

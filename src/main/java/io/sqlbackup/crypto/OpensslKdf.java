package io.sqlbackup.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key derivation of {@code openssl enc -pbkdf2}: PBKDF2-HMAC-SHA256 over the passphrase's raw
 * bytes and the 8-byte salt, giving the AES-256 key (32 bytes) followed by the CBC IV (16 bytes).
 * Written over the raw bytes (not PBEKeySpec's char[]) so any passphrase byte sequence matches openssl.
 */
public final class OpensslKdf {

    public static final int KEY_LENGTH = 32;
    public static final int IV_LENGTH = 16;

    private OpensslKdf() {
    }

    /** Returns key (32 bytes) then IV (16 bytes). */
    public static byte[] pbkdf2Sha256(byte[] passphrase, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty HMAC key is legal for PBKDF2 but SecretKeySpec refuses it; HMAC pads keys with zeros anyway.
            mac.init(new SecretKeySpec(passphrase.length == 0 ? new byte[1] : passphrase, "HmacSHA256"));
            byte[] out = new byte[KEY_LENGTH + IV_LENGTH];
            int hashLength = mac.getMacLength();
            for (int block = 1, filled = 0; filled < out.length; block++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                byte[] u = mac.doFinal();
                byte[] t = u.clone();
                for (int i = 1; i < iterations; i++) {
                    u = mac.doFinal(u);
                    for (int j = 0; j < t.length; j++) {
                        t[j] ^= u[j];
                    }
                }
                int n = Math.min(hashLength, out.length - filled);
                System.arraycopy(t, 0, out, filled, n);
                filled += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks HmacSHA256", e);
        }
    }

    static byte[] key(byte[] keyAndIv) {
        return Arrays.copyOfRange(keyAndIv, 0, KEY_LENGTH);
    }

    static byte[] iv(byte[] keyAndIv) {
        return Arrays.copyOfRange(keyAndIv, KEY_LENGTH, KEY_LENGTH + IV_LENGTH);
    }
}

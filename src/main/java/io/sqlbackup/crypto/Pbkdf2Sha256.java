package io.sqlbackup.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code openssl enc -pbkdf2 -iter N}: PBKDF2-HMAC-SHA256 giving 48 bytes, key then IV. Written
 * over the raw passphrase bytes (not PBEKeySpec's char[], which would re-encode them).
 */
record Pbkdf2Sha256(int iterations) implements KeyDerivation {

    Pbkdf2Sha256 {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration");
        }
    }

    @Override
    public byte[] keyAndIv(byte[] passphrase, byte[] salt) {
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

    @Override
    public String describe() {
        return "pbkdf2 with " + iterations + " iterations";
    }
}

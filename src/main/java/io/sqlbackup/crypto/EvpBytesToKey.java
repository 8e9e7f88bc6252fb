package io.sqlbackup.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The legacy derivation {@code openssl enc} uses without {@code -pbkdf2}: OpenSSL's
 * EVP_BytesToKey with one round, D1 = H(passphrase || salt), Dn = H(Dn-1 || passphrase || salt),
 * concatenated until key and IV are filled. Only for reading old archives; nothing is written with it.
 */
enum EvpBytesToKey implements KeyDerivation {
    SHA256("SHA-256", "sha256"),
    MD5("MD5", "md5");

    private final String algorithm;
    private final String name;

    EvpBytesToKey(String algorithm, String name) {
        this.algorithm = algorithm;
        this.name = name;
    }

    @Override
    public byte[] keyAndIv(byte[] passphrase, byte[] salt) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks " + algorithm, e);
        }
        byte[] out = new byte[KEY_LENGTH + IV_LENGTH];
        byte[] previous = new byte[0];
        for (int filled = 0; filled < out.length; ) {
            digest.update(previous);
            digest.update(passphrase);
            digest.update(salt);
            previous = digest.digest();
            int n = Math.min(previous.length, out.length - filled);
            System.arraycopy(previous, 0, out, filled, n);
            filled += n;
        }
        java.util.Arrays.fill(previous, (byte) 0);
        return out;
    }

    @Override
    public String describe() {
        return name;
    }
}

package io.sqlbackup.crypto;

/**
 * How {@code openssl enc} turns a passphrase and the 8-byte salt into the AES-256 key and the CBC
 * IV. Archives in the bucket may come from any of three: {@code -pbkdf2} (what the nightly scripts
 * and sqlbackup write), or the legacy {@code EVP_BytesToKey} of openssl runs without
 * {@code -pbkdf2}, whose digest was MD5 before OpenSSL 1.1 and SHA-256 since. All work on the
 * passphrase's raw bytes, as openssl does, so any byte sequence matches.
 */
public sealed interface KeyDerivation permits Pbkdf2Sha256, EvpBytesToKey {

    int KEY_LENGTH = 32;
    int IV_LENGTH = 16;

    /** {@code openssl enc -pbkdf2 -iter N} (openssl's default N is 10000). */
    static KeyDerivation pbkdf2Sha256(int iterations) {
        return new Pbkdf2Sha256(iterations);
    }

    /** {@code openssl enc} without {@code -pbkdf2}, OpenSSL 1.1 and 3 ({@code -md sha256}). */
    KeyDerivation EVP_BYTES_TO_KEY_SHA256 = EvpBytesToKey.SHA256;

    /** {@code openssl enc} without {@code -pbkdf2}, OpenSSL 1.0 ({@code -md md5}). */
    KeyDerivation EVP_BYTES_TO_KEY_MD5 = EvpBytesToKey.MD5;

    /** The AES-256 key (32 bytes) followed by the CBC IV (16 bytes); the caller wipes it after use. */
    byte[] keyAndIv(byte[] passphrase, byte[] salt);

    /** How an operator would name it in a message: "pbkdf2 with 10000 iterations", "md5", "sha256". */
    String describe();
}

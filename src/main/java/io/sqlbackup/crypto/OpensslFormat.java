package io.sqlbackup.crypto;

import java.nio.charset.StandardCharsets;

/** The container {@code openssl enc -salt} writes: {@code Salted__}, 8 bytes of salt, then the ciphertext. */
final class OpensslFormat {

    static final byte[] MAGIC = "Salted__".getBytes(StandardCharsets.US_ASCII);
    static final int SALT_LENGTH = 8;
    static final int HEADER_LENGTH = MAGIC.length + SALT_LENGTH;
    static final String CIPHER = "AES/CBC/PKCS5Padding";

    private OpensslFormat() {
    }
}

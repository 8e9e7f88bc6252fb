package io.sqlbackup.crypto;

import java.util.Locale;

/** What an {@code openssl:} endpoint does to the stream. */
public enum OpensslOperation {
    /** Plain stream in, {@code openssl enc -e -aes256 -pbkdf2} bytes out. */
    encrypt,
    /** {@code openssl enc} bytes in, plain stream out. */
    decrypt;

    static OpensslOperation parse(String text) {
        try {
            return valueOf(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("openssl:" + text + " is not an operation; use openssl:encrypt or openssl:decrypt");
        }
    }
}

package io.sqlbackup.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;

/**
 * Decrypts, as it is read, what {@code openssl enc -e -aes256} wrote, with or without
 * {@code -pbkdf2}. {@link #open} reads the header and the first blocks, picks the key and
 * derivation that decrypt them to what is expected, and only then hands out plaintext. Failures
 * reach the reader as an IOException caused by a {@link WrongKeyException} (no key fits, bad
 * padding at the end) or a {@link DamagedArchiveException} (not openssl's format, truncated):
 * never as silently wrong bytes.
 */
public final class OpensslDecryptingInputStream extends CipherPumpInputStream {

    private final DecryptionCandidate chosen;
    private final String configKey;

    private OpensslDecryptingInputStream(InputStream ciphertext, Cipher cipher, DecryptionCandidate chosen, String configKey) {
        super(ciphertext);
        this.chosen = chosen;
        this.configKey = configKey;
        begin(cipher, new byte[0]);
    }

    /** Opens an archive encrypted with one passphrase by {@code openssl enc -pbkdf2 -iter N}; no start check. */
    public static OpensslDecryptingInputStream open(InputStream encrypted, byte[] passphrase, int iterations) throws IOException {
        return open(encrypted, new KeyRing(passphrase).decryptionCandidates(iterations, ExpectedPlaintext.any));
    }

    /** Opens an archive with whichever of the candidates decrypts its start to what they expect. */
    static OpensslDecryptingInputStream open(InputStream encrypted, DecryptionCandidates candidates) throws IOException {
        byte[] header = encrypted.readNBytes(OpensslFormat.HEADER_LENGTH);
        int magicSeen = Math.min(header.length, OpensslFormat.MAGIC.length);
        if (header.length == 0) {
            throw damaged("the archive is empty (0 bytes): it was cut short or never written; take it again or pick another");
        }
        if (!Arrays.equals(header, 0, magicSeen, OpensslFormat.MAGIC, 0, magicSeen)) {
            throw damaged("the archive does not start with openssl's Salted__ header: it is not an archive encrypted with "
                    + "openssl enc (with a salt) or sqlbackup, or its start is damaged");
        }
        if (header.length < OpensslFormat.HEADER_LENGTH) {
            throw damaged(truncated(header.length));
        }
        byte[] salt = Arrays.copyOfRange(header, OpensslFormat.MAGIC.length, OpensslFormat.HEADER_LENGTH);
        int wanted = Math.max(OpensslFormat.BLOCK_LENGTH, candidates.expected().probeLength());
        byte[] probe = encrypted.readNBytes(wanted);
        if (probe.length < wanted && (probe.length == 0 || probe.length % OpensslFormat.BLOCK_LENGTH != 0)) {
            // The whole ciphertext is in hand: openssl always writes at least one whole block.
            throw damaged(truncated(OpensslFormat.HEADER_LENGTH + probe.length));
        }
        int whole = probe.length - probe.length % OpensslFormat.BLOCK_LENGTH;
        DecryptionCandidate chosen;
        try {
            chosen = candidates.choose(salt, probe, whole);
        } catch (WrongKeyException e) {
            throw new IOException(e);
        }
        byte[] keyAndIv = chosen.keyAndIv(salt);
        try {
            Cipher cipher = OpensslFormat.cipher(OpensslFormat.CIPHER, Cipher.DECRYPT_MODE, keyAndIv);
            InputStream replayed = new SequenceInputStream(new ByteArrayInputStream(probe), encrypted);
            return new OpensslDecryptingInputStream(replayed, cipher, chosen, candidates.configKey());
        } finally {
            Arrays.fill(keyAndIv, (byte) 0);
        }
    }

    /** Which key and derivation opened the archive (no key material), for the log. */
    public String openedWith() {
        return chosen.describe();
    }

    /** Whether the archive needed an older key or a legacy derivation: worth telling an operator. */
    public boolean openedWithOlderKeyOrDerivation() {
        return !chosen.isCurrent();
    }

    private static IOException damaged(String message) {
        return new IOException(new DamagedArchiveException(message));
    }

    private static String truncated(long totalBytes) {
        return "the archive is truncated: " + totalBytes + " bytes is not openssl's 16-byte header followed by whole "
                + "16-byte AES blocks; the upload or download was cut short: compare it with its .sha256 and take or "
                + "fetch it again";
    }

    @Override
    IOException failure(GeneralSecurityException e) {
        if (e instanceof IllegalBlockSizeException) {
            return damaged(truncated(OpensslFormat.HEADER_LENGTH + consumed()));
        }
        if (e instanceof BadPaddingException) {
            return new IOException(new WrongKeyException("wrong key or corrupted archive: the decrypted data does not end "
                    + "with valid padding, so it is truncated at a block boundary or damaged (compare it with its .sha256)"
                    + ", or the key is wrong (check " + configKey + ")", configKey));
        }
        return new IOException("decryption failed", e);
    }
}

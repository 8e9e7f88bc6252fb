package io.sqlbackup.crypto;

/**
 * One way an archive may have been encrypted: a passphrase from the ring and a key derivation.
 * Holds the passphrase, so it never prints it: {@link #toString()} names only its position.
 */
final class DecryptionCandidate {

    private final int keyNumber;
    private final int keyCount;
    private final byte[] passphrase;
    private final KeyDerivation derivation;

    DecryptionCandidate(int keyNumber, int keyCount, byte[] passphrase, KeyDerivation derivation) {
        this.keyNumber = keyNumber;
        this.keyCount = keyCount;
        this.passphrase = passphrase;
        this.derivation = derivation;
    }

    /** Key then IV for this archive's salt; the caller wipes it. */
    byte[] keyAndIv(byte[] salt) {
        return derivation.keyAndIv(passphrase, salt);
    }

    /** Whether this is the key new archives are encrypted with, in the way sqlbackup writes them. */
    boolean isCurrent() {
        return keyNumber == 1 && derivation instanceof Pbkdf2Sha256;
    }

    KeyDerivation derivation() {
        return derivation;
    }

    /** For logs: which key and derivation, never the key itself. */
    String describe() {
        return "key " + keyNumber + " of " + keyCount + (keyNumber == 1 ? " (the current key)" : " (an older key)")
                + " with " + derivation.describe() + " key derivation";
    }

    @Override
    public String toString() {
        return "DecryptionCandidate[" + describe() + ", redacted]";
    }
}

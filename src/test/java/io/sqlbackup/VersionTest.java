package io.sqlbackup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Run from classes (as the container image runs), the version is the build's, not "dev". */
class VersionTest {

    @Test
    void theVersionComesFromTheBuildEvenWithoutAJar() {
        assertTrue(Version.get().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), Version.get());
    }
}

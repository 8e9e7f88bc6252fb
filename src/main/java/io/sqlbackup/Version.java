package io.sqlbackup;

/**
 * The tool's version, as the build wrote it into {@code io/sqlbackup/version.properties} (the jar's
 * manifest says the same, but the container image runs from classes, without a manifest); "dev"
 * only when neither is there.
 */
public final class Version {

    private Version() {
    }

    private static final String VERSION = read();

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (java.io.InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v.trim();
                }
            }
        } catch (java.io.IOException e) {
            // fall back to the manifest
        }
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

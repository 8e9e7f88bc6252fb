package io.sqlbackup.service;

import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Settles Camel's management server ({@code camel.management.*}: health, metrics, Jolokia) for this
 * process. Only the service serves it: one-shot commands run beside a service on the same host and
 * must not take its port. Jolokia can run operations (backupNow, restore), so it is on only with
 * authentication: {@value #USERS_FILE} names the users (Vert.x properties format,
 * {@code user.NAME = PASSWORD,ROLE}) and the basic-auth guard covers every Jolokia path; what an
 * authenticated user may do is the access policy {@code jolokia-access.xml} in the jar.
 */
final class ManagementServer {

    static final String USERS_FILE = "sqlbackup.jolokia.users-file";
    private static final String JOLOKIA_PATH = "/observe/jolokia";

    private ManagementServer() {
    }

    static void configure(Settings settings, boolean service, Properties camel) {
        if (!service) {
            camel.setProperty("camel.management.enabled", "false");
            return;
        }
        String users = settings.get(USERS_FILE);
        if (users == null) {
            camel.setProperty("camel.management.jolokia-enabled", "false");
            return;
        }
        Path file = Path.of(users);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigurationException(USERS_FILE + " = " + users + " is not a readable file: it holds the Jolokia users"
                    + " (lines user.NAME = PASSWORD,ROLE); mount it or leave the key empty to serve no Jolokia", USERS_FILE);
        }
        camel.setProperty("camel.management.jolokia-enabled", "true");
        camel.setProperty("camel.management.jolokia-path", JOLOKIA_PATH);
        camel.setProperty("camel.management.authentication-enabled", "true");
        camel.setProperty("camel.management.authentication-path", JOLOKIA_PATH + "/*");
        camel.setProperty("camel.management.basic-properties-file", file.toAbsolutePath().toString());
    }
}

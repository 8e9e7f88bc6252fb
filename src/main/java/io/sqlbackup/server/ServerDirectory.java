package io.sqlbackup.server;

import io.sqlbackup.config.BackupSources;
import io.sqlbackup.config.Settings;

/**
 * The configured servers by role ({@code source}, later {@code primary} and {@code replica}),
 * registered as a bean so components find them without passwords in their URIs.
 */
public final class ServerDirectory {

    private final Settings settings;

    public ServerDirectory(Settings settings) {
        this.settings = settings;
    }

    public ServerAccess access(String role) {
        return ServerAccess.fromSettings(settings, role);
    }

    /** The login of a backup source by its name ({@code default} is {@code sqlbackup.source.*}). */
    public ServerAccess source(String name) {
        return access(sources().select(name).role());
    }

    public BackupSources sources() {
        return BackupSources.fromSettings(settings);
    }

    @Override
    public String toString() {
        return "ServerDirectory";
    }
}

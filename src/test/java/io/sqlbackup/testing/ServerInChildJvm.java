package io.sqlbackup.testing;

import io.sqlbackup.embedded.MariaDbServer;

/** Starts a throwaway server, prints its port and folder, then waits to be killed (see MariaDbServerTest). */
public final class ServerInChildJvm {

    private ServerInChildJvm() {
    }

    public static void main(String[] args) throws Exception {
        MariaDbServer server = TestServers.fresh(77);
        System.out.println(server.port() + " " + server.directory());
        System.out.flush();
        Thread.sleep(120_000);
    }
}

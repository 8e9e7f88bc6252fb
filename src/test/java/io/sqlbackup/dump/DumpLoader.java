package io.sqlbackup.dump;

import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads a directory in the mydumper layout into a server with the real tools: myloader, or the
 * mariadb client fed one file at a time in the order myloader follows (database, tables, data,
 * then views, triggers, routines).
 */
final class DumpLoader {

    private DumpLoader() {
    }

    static void myloader(MariaDbServer target, Path dump) throws IOException, InterruptedException {
        Tools.shellOk(dump.getParent(), "timeout 300 myloader -h 127.0.0.1 -P " + target.port() + " -u root -t 2 -d " + quote(dump));
    }

    static void mariadbClient(MariaDbServer target, Path dump) throws IOException, InterruptedException {
        List<String> names;
        try (Stream<Path> files = Files.list(dump)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String create : names.stream().filter(n -> n.endsWith("-schema-create.sql")).toList()) {
            String db = create.substring(0, create.length() - "-schema-create.sql".length());
            String prefix = db + ".";
            List<String> ordered = new ArrayList<>();
            List<String> inDb = names.stream().filter(n -> n.startsWith(prefix)).toList();
            inDb.stream().filter(n -> n.endsWith("-schema.sql")).forEach(ordered::add);
            inDb.stream().filter(n -> n.endsWith(".sql") && !n.contains("-schema")).forEach(ordered::add);
            inDb.stream().filter(n -> n.endsWith("-schema-view.sql")).forEach(ordered::add);
            inDb.stream().filter(n -> n.endsWith("-schema-triggers.sql")).forEach(ordered::add);
            String client = "mariadb -h 127.0.0.1 -P " + target.port() + " -u root ";
            Tools.shellOk(dump, client + "< " + quote(dump.resolve(create)));
            for (String file : ordered) {
                Tools.shellOk(dump, client + "--database=" + quote(db) + " < " + quote(dump.resolve(file)));
            }
            if (names.contains(db + "-schema-post.sql")) {
                Tools.shellOk(dump, client + "--database=" + quote(db) + " < " + quote(dump.resolve(db + "-schema-post.sql")));
            }
        }
    }

    static String quote(Object word) {
        return "'" + word.toString().replace("'", "'\\''") + "'";
    }
}

package io.sqlbackup.dump;

import io.sqlbackup.replication.BinlogCoordinates;
import io.sqlbackup.replication.ReplicaCoordinates;
import io.sqlbackup.replication.SnapshotCoordinates;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The {@code metadata} file in mydumper 0.9/0.10's text format, which myloader and the old runbook read. */
public final class MetadataFile {

    public static final String NAME = "metadata";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private MetadataFile() {
    }

    public static String render(Instant started, SnapshotCoordinates coordinates, Instant finished) {
        StringBuilder b = new StringBuilder();
        b.append("Started dump at: ").append(TIME.format(started)).append('\n');
        BinlogCoordinates server = coordinates.server();
        if (server != null) {
            b.append("SHOW MASTER STATUS:\n")
                    .append("\tLog: ").append(server.file()).append('\n')
                    .append("\tPos: ").append(server.position()).append('\n')
                    .append("\tGTID:").append(server.gtid()).append("\n\n");
        }
        ReplicaCoordinates replica = coordinates.replica();
        if (replica != null) {
            b.append("SHOW SLAVE STATUS:\n")
                    .append("\tHost: ").append(replica.primaryHost()).append('\n')
                    .append("\tLog: ").append(replica.file()).append('\n')
                    .append("\tPos: ").append(replica.position()).append('\n')
                    .append("\tGTID:").append(replica.gtid()).append("\n\n");
        }
        b.append("Finished dump at: ").append(TIME.format(finished)).append('\n');
        return b.toString();
    }
}

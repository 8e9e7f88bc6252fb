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

    /**
     * Reads the coordinates back from a metadata file of mydumper 0.9.1 or 0.10, or ours: the
     * {@code SHOW MASTER STATUS} block (the dumped server's own binlog) and the {@code SHOW SLAVE
     * STATUS} block (where it stood as a replica). Missing blocks are null.
     */
    public static SnapshotCoordinates parse(String text) {
        BinlogCoordinates server = null;
        ReplicaCoordinates replica = null;
        String block = null;
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (String line : (text + "\n\n").split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("SHOW MASTER STATUS") || trimmed.startsWith("SHOW SLAVE STATUS")) {
                block = trimmed.startsWith("SHOW MASTER") ? "master" : "slave";
                fields.clear();
                continue;
            }
            if (block != null && line.startsWith("\t") && trimmed.contains(":")) {
                int colon = trimmed.indexOf(':');
                fields.put(trimmed.substring(0, colon).trim(), trimmed.substring(colon + 1).trim());
                continue;
            }
            if (block != null && fields.containsKey("Log") && fields.containsKey("Pos")) {
                long pos;
                try {
                    pos = Long.parseLong(fields.get("Pos"));
                } catch (NumberFormatException e) {
                    pos = -1;
                }
                String gtid = fields.getOrDefault("GTID", "");
                if (pos >= 0 && "master".equals(block)) {
                    server = new BinlogCoordinates(fields.get("Log"), pos, gtid);
                } else if (pos >= 0) {
                    replica = new ReplicaCoordinates(fields.getOrDefault("Host", ""), fields.get("Log"), pos, gtid);
                }
            }
            block = null;
            fields.clear();
        }
        return new SnapshotCoordinates(server, replica);
    }
}

package io.sqlbackup.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The threads of this process as Linux sees them (/proc/self/task), native ones included. */
final class NativeThreads {

    private NativeThreads() {
    }

    /** User + system CPU ticks of each thread whose name is {@code name} (names are cut to 15 bytes by Linux). */
    static List<Long> cpuTicksOfThreadsNamed(String name) throws IOException {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        List<Long> ticks = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (!Files.readString(task.resolve("comm")).strip().equals(comm)) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the ")" that closes the name: state is field 3, utime 14, stime 15.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.add(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // the thread ended while we looked
                }
            }
        }
        return ticks;
    }
}

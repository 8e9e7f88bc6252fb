package io.sqlbackup.archive;

import java.util.List;

/** The gzip worker threads alive in this JVM, to prove that none outlive their stream. */
final class WorkerThreads {

    private WorkerThreads() {
    }

    static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(ParallelGzipOutputStream.threadPrefix())).sorted().toList();
    }

    /** The workers still alive after a grace of a few seconds (a stopped pool's threads take a moment to exit). */
    static List<String> awaitNone() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> alive = alive();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            alive = alive();
        }
        return alive;
    }
}

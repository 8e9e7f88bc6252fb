package io.sqlbackup.load;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load connections and their threads. Work is taken in the order it was submitted by
 * whichever connection is free, so one large table and thousands of small ones spread over all
 * of them alike. What is queued is bounded in bytes (the reader of the archive waits when the
 * connections fall behind), so memory stays at about twice the connections times a statement.
 *
 * <p>The first failure stops everything: queued work is dropped, the submitter's next call
 * throws it, and {@link #awaitIdle()} rethrows it.
 */
final class LoadWorkers implements AutoCloseable {

    /** A piece of work for one connection. */
    interface Work {
        void run(LoadSession session) throws Exception;

        /** Bytes it holds while queued, counted against the queue's budget. */
        default long bytes() {
            return 0;
        }

        /** What it loads, for the message if it fails: {@code wiki_1.page (wiki_1.page.00003.sql)}. */
        String describe();
    }

    private static final Work STOP = new Work() {
        public void run(LoadSession session) {
        }

        public String describe() {
            return "stop";
        }
    };

    private final List<LoadSession> sessions;
    private final List<Thread> threads = new ArrayList<>();
    private final LinkedBlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final Semaphore budget;
    private final int budgetKb;
    private final AtomicReference<LoadFailure> failure = new AtomicReference<>();
    private final Object idleLock = new Object();
    private int outstanding;

    /** Thrown by the workers: the work that failed and why. */
    static final class LoadFailure extends Exception {
        final Work work;
        final LoadSession session;

        LoadFailure(Work work, LoadSession session, Exception cause) {
            super(cause);
            this.work = work;
            this.session = session;
        }
    }

    LoadWorkers(List<LoadSession> sessions, long queueBytes, String name) {
        this.sessions = List.copyOf(sessions);
        this.budgetKb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, queueBytes >> 10));
        this.budget = new Semaphore(budgetKb);
        for (int i = 0; i < sessions.size(); i++) {
            LoadSession session = sessions.get(i);
            Thread t = new Thread(() -> work(session), name + "-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    List<LoadSession> sessions() {
        return sessions;
    }

    /** Queues work, waiting while the queue holds its budget of bytes. Throws the first failure. */
    void submit(Work work) throws LoadFailure, InterruptedException {
        int kb = permits(work);
        while (!budget.tryAcquire(kb, 200, TimeUnit.MILLISECONDS)) {
            rethrow();
        }
        rethrow();
        synchronized (idleLock) {
            outstanding++;
        }
        queue.add(work);
    }

    private int permits(Work work) {
        long bytes = work.bytes();
        return bytes <= 0 ? 0 : (int) Math.min(budgetKb, Math.max(1, (bytes + 1023) >> 10));
    }

    private void work(LoadSession session) {
        while (true) {
            Work work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (work == STOP) {
                return;
            }
            try {
                if (failure.get() == null) {
                    work.run(session);
                }
            } catch (Exception e) {
                failure.compareAndSet(null, new LoadFailure(work, session, e));
            } catch (Error e) {
                // an Error (out of memory) fails the load; dropping the statement and the thread silently would not
                failure.compareAndSet(null, new LoadFailure(work, session, new RuntimeException(e)));
            } finally {
                budget.release(permits(work));
                synchronized (idleLock) {
                    outstanding--;
                    idleLock.notifyAll();
                }
            }
        }
    }

    /** Waits until all submitted work has run; throws the first failure. */
    void awaitIdle() throws LoadFailure, InterruptedException {
        synchronized (idleLock) {
            // a failure is reported at once, not after statements still running elsewhere end
            while (outstanding > 0 && failure.get() == null) {
                idleLock.wait(200);
            }
        }
        rethrow();
    }

    void rethrow() throws LoadFailure {
        LoadFailure f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    /**
     * Stops the threads and closes the connections. Closed with work still under way (a failure on
     * one connection, a damaged archive, the service stopping), the statements still running are
     * stopped on the server first: the load has failed, and what they would finish is dropped by
     * the rerun anyway.
     */
    @Override
    public void close() {
        boolean unfinished;
        synchronized (idleLock) {
            unfinished = outstanding > 0 || failure.get() != null;
        }
        queue.clear();
        for (int i = 0; i < threads.size(); i++) {
            queue.add(STOP);
        }
        if (unfinished) {
            sessions.forEach(LoadSession::cancel);
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sessions.forEach(LoadSession::close);
    }

    static boolean isConnectionLoss(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLNonTransientConnectionException || c instanceof java.net.SocketException
                    || c instanceof java.io.EOFException) {
                return true;
            }
            if (c instanceof SQLException s && (s.getErrorCode() == 1927 || s.getErrorCode() == 1053
                    || "08S01".equals(s.getSQLState()) || "70100".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}

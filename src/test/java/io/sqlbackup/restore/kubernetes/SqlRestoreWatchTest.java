package io.sqlbackup.restore.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlbackup.SqlBackupException;
import io.sqlbackup.config.ConfigurationException;
import io.sqlbackup.config.Settings;
import io.sqlbackup.restore.RestoreCommand;
import io.sqlbackup.restore.RestoreCommand.Target;
import io.sqlbackup.restore.RestoreQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SqlRestore resources through a Kubernetes API over HTTP (CRUD mode, the CRD of k8s/base installed)
 * into a real {@link RestoreQueue} whose runner stands in for the restore route.
 */
class SqlRestoreWatchTest {

    /** Long enough that no test passes by waiting for the interval: phase changes must be written at once. */
    private static final Duration HOUR = Duration.ofHours(1);

    private SqlRestoreApi api;
    private RestoreQueue queue;
    private SqlRestoreWatch watch;
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final List<RestoreCommand> commands = Collections.synchronizedList(new ArrayList<>());
    private volatile RestoreQueue.Runner runner = run -> "restored";

    @BeforeEach
    void startApi() {
        api = new SqlRestoreApi();
        queue = new RestoreQueue(run -> {
            ran.add(run.status().origin());
            commands.add(run.command());
            return runner.run(run);
        });
    }

    @AfterEach
    void stop() {
        // every call the watch made is one the Roles in k8s/ grant
        io.sqlbackup.k8s.OpsContract.assertGranted(api.serviceCalls(), name -> false);
        queue.close();
        if (watch != null) {
            watch.close();
        }
        api.close();
    }

    private void startWatch(Duration statusInterval) {
        watch = new SqlRestoreWatch(api.settings(statusInterval), queue);
        watch.start();
    }

    private static String origin(String name) {
        return "SqlRestore " + SqlRestoreApi.NAMESPACE + "/" + name;
    }

    @Test
    void aCreatedSqlRestoreIsQueuedRunAndEndsSucceededWithItsMessageAndSteps() throws Exception {
        runner = run -> {
            run.stage("loading primary");
            run.report().done("RESET MASTER on primary 127.0.0.1:3306", "mysql-bin.000001:328");
            return "restored wiki_01 and wiki_02 to primary and replica; replication running";
        };
        startWatch(HOUR);
        Instant before = Instant.now().minusSeconds(1);
        api.create("restore-wiki", Map.of("backup", "mydumper-backup-2025-06-01_020000.tar.gz",
                "targets", List.of("replica", "primary"), "databases", List.of("wiki_01", "wiki_02"),
                "overwrite", true, "replication", false));

        SqlRestoreStatus done = api.awaitPhase("restore-wiki", "Succeeded");
        assertEquals("restored wiki_01 and wiki_02 to primary and replica; replication running", done.message());
        assertEquals(List.of("ok RESET MASTER on primary 127.0.0.1:3306: mysql-bin.000001:328"), done.steps());
        assertNotNull(done.started());
        assertFalse(Instant.parse(done.started()).isBefore(before), done.started());
        assertFalse(Instant.parse(done.finished()).isBefore(Instant.parse(done.started())), done.toString());
        assertEquals(List.of(origin("restore-wiki")), ran);
        assertEquals(new RestoreCommand("mydumper-backup-2025-06-01_020000.tar.gz", List.of(Target.PRIMARY, Target.REPLICA),
                List.of("wiki_01", "wiki_02"), true, false), commands.get(0));
    }

    @Test
    void anEmptySpecIsTheDefaultCommand() throws Exception {
        startWatch(HOUR);
        api.create("restore-all", Map.of());
        api.awaitPhase("restore-all", "Succeeded");
        assertEquals(RestoreCommand.defaults(), commands.get(0));
    }

    @Test
    void aFailingRestoreEndsFailedWithItsReason() throws Exception {
        runner = run -> {
            run.report().failed("loading primary 127.0.0.1:3306", "wiki_01 already holds tables");
            throw new SqlBackupException("primary 127.0.0.1:3306 already holds user databases (wiki_01): set overwrite "
                    + "to load over them");
        };
        startWatch(HOUR);
        api.create("restore-refused", Map.of("targets", List.of("primary")));

        SqlRestoreStatus failed = api.awaitPhase("restore-refused", "Failed");
        assertEquals("primary 127.0.0.1:3306 already holds user databases (wiki_01): set overwrite to load over them",
                failed.message());
        assertEquals(List.of("FAILED loading primary 127.0.0.1:3306: wiki_01 already holds tables"), failed.steps());
        assertNotNull(failed.started());
        assertNotNull(failed.finished());
    }

    @Test
    void aSecondSqlRestoreShowsQueuedWhileTheFirstRunsThenRuns() throws Exception {
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        CountDownLatch secondMayEnd = new CountDownLatch(1);
        runner = run -> {
            run.stage("loading primary");
            assertTrue((run.status().origin().equals(origin("first")) ? firstMayEnd : secondMayEnd).await(30, TimeUnit.SECONDS));
            return "restored by " + run.status().origin();
        };
        startWatch(HOUR);
        api.create("first", Map.of());
        SqlRestoreStatus running = api.awaitPhase("first", "Running");
        assertNotNull(running.started());
        assertNull(running.finished());

        api.create("second", Map.of());
        SqlRestoreStatus waiting = api.awaitStatus("second", s -> "queued behind 1 restore".equals(s.message()));
        assertEquals("Queued", waiting.phase());
        assertNull(waiting.started());
        assertEquals(List.of(origin("first")), ran, "the second waits for the first");

        firstMayEnd.countDown();
        assertEquals("restored by " + origin("first"), api.awaitPhase("first", "Succeeded").message());
        // Its queued status was written a moment ago: that it runs now is written without waiting for the interval.
        assertNotNull(api.awaitPhase("second", "Running").started());
        secondMayEnd.countDown();
        assertEquals("restored by " + origin("second"), api.awaitPhase("second", "Succeeded").message());
        assertEquals(List.of(origin("first"), origin("second")), ran);
    }

    @Test
    void aSqlRestoreThatSucceededBeforeAStartIsNotRunAgain() throws Exception {
        api.create("done-yesterday", Map.of("targets", List.of("replica")));
        Map<String, Object> earlier = Map.of("phase", "Succeeded", "message", "restored replica",
                "started", "2025-06-01T02:00:00Z", "finished", "2025-06-01T02:40:00Z", "steps", List.of("ok one step"));
        api.setStatus("done-yesterday", earlier);
        api.create("failed-yesterday", Map.of());
        api.setStatus("failed-yesterday", Map.of("phase", "Failed", "message", "bucket unreachable"));
        String version = api.get("done-yesterday").getMetadata().getResourceVersion();

        startWatch(HOUR);
        // start() returns once the resources there were have been gone through: anything queued is queued by now.
        assertEquals(List.of(), queue.statuses());
        api.create("today", Map.of());
        api.awaitPhase("today", "Succeeded");

        assertEquals(List.of(origin("today")), ran);
        assertEquals(version, api.get("done-yesterday").getMetadata().getResourceVersion(), "its status is left as it was");
        assertEquals(new SqlRestoreStatus("Succeeded", "restored replica", "2025-06-01T02:00:00Z", "2025-06-01T02:40:00Z",
                List.of("ok one step")), api.status("done-yesterday"));
        assertEquals("bucket unreachable", api.status("failed-yesterday").message());
    }

    @Test
    void aSqlRestoreLeftRunningOrQueuedByARestartIsMarkedFailedAndNotRun() throws Exception {
        api.create("cut-short", Map.of());
        api.setStatus("cut-short", Map.of("phase", "Running", "message", "loading primary: 3 of 7 tables",
                "started", "2025-06-01T02:00:00Z", "steps", List.of("ok RESET MASTER on primary 127.0.0.1:3306")));
        api.create("was-waiting", Map.of());
        api.setStatus("was-waiting", Map.of("phase", "Queued", "message", "queued behind 1 restore"));

        startWatch(HOUR);
        assertEquals(List.of(), queue.statuses(), "nothing is queued");

        SqlRestoreStatus cut = api.status("cut-short");
        assertEquals("Failed", cut.phase());
        assertTrue(cut.message().startsWith("sqlbackup restarted while this restore was running (loading primary: 3 of 7 "
                + "tables); it is not run again on its own."), cut.message());
        assertTrue(cut.message().endsWith("then create a new SqlRestore to run it again"), cut.message());
        assertEquals("2025-06-01T02:00:00Z", cut.started(), "when it started is kept");
        assertEquals(List.of("ok RESET MASTER on primary 127.0.0.1:3306"), cut.steps(), "how far it got is kept");
        assertNotNull(cut.finished());

        SqlRestoreStatus waiting = api.status("was-waiting");
        assertEquals("Failed", waiting.phase());
        assertTrue(waiting.message().startsWith("sqlbackup restarted while this restore was queued"), waiting.message());

        api.create("after", Map.of());
        api.awaitPhase("after", "Succeeded");
        assertEquals(List.of(origin("after")), ran);
    }

    @Test
    void aRestoreStillRunningInAnotherPodIsLeftToItAndOneWhosePodIsGoneIsMarkedFailed() throws Exception {
        // The watch moved here with the restore lease; pod-a still runs its restore, pod-gone does not exist.
        api.client().pods().inNamespace(SqlRestoreApi.NAMESPACE).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("pod-a").withNamespace(SqlRestoreApi.NAMESPACE).endMetadata()
                .withNewStatus().withPhase("Running").endStatus().build()).create();
        api.create("in-pod-a", Map.of());
        api.setStatus("in-pod-a", Map.of("phase", "Running", "message", "loading replica", "holder", "pod-a"));
        api.create("in-pod-gone", Map.of());
        api.setStatus("in-pod-gone", Map.of("phase", "Running", "message", "loading primary", "holder", "pod-gone"));

        startWatch(HOUR);
        assertEquals("Failed", api.status("in-pod-gone").phase(), "its pod is gone: interrupted");
        SqlRestoreStatus running = api.status("in-pod-a");
        assertEquals("Running", running.phase(), "left to the pod that runs it");
        assertEquals("loading replica", running.message());
        assertEquals(List.of(), queue.statuses(), "nothing is run here");

        // and what this watch writes names this process as the holder
        api.create("here", Map.of());
        api.awaitPhase("here", "Succeeded");
        Object holder = ((Map<?, ?>) api.get("here").getAdditionalProperties().get("status")).get("holder");
        assertNotNull(holder);
        assertNotEquals("pod-a", holder);
    }

    @Test
    void aRestoreWhoseOwnerCannotBeLookedUpIsLeftAsItIsThenLookedAtAgain() throws Exception {
        api.create("in-pod-unknown", Map.of());
        api.setStatus("in-pod-unknown", Map.of("phase", "Running", "message", "loading replica", "holder", "pod-x"));
        api.refuseNextPodsList();

        watch = new SqlRestoreWatch(api.settings(HOUR), queue);
        watch.ownerRecheck(Duration.ofSeconds(2));
        watch.start();
        SqlRestoreStatus left = api.status("in-pod-unknown");
        assertEquals("Running", left.phase(), "not marked Failed while pod-x may still run it");
        assertEquals("loading replica", left.message());

        // The pods can be listed again and pod-x is not among them: the next look decides, the watch still running.
        assertEquals("Failed", api.awaitPhase("in-pod-unknown", "Failed").phase());
        assertEquals(List.of(), ran, "nothing of pod-x's was run here");
    }

    @Test
    void aSqlRestoreWhoseTakingOnConflictsIsNotRunUntilItIsSeenAgain() throws Exception {
        // What a second watcher, or an edit between read and write, causes: the resource changed since it was read.
        api.conflictOnNextStatusReplace("contested");
        startWatch(HOUR);
        api.create("contested", Map.of());
        // Resources are dealt with one at a time, in order: once the next one is done, the contested one was decided.
        api.create("next", Map.of());
        api.awaitPhase("next", "Succeeded");
        assertEquals(List.of(origin("next")), ran, "not run on a conflict");
        assertNull(api.status("contested").phase());

        api.label("contested", "team", "dba");
        api.awaitPhase("contested", "Succeeded");
        assertEquals(List.of(origin("next"), origin("contested")), ran);
    }

    @Test
    void aSqlRestoreDeletedAndCreatedAgainWhileRunningShowsOnlyItsOwnRestore() throws Exception {
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        List<String> outcomes = new ArrayList<>(List.of("first restore done", "second restore done"));
        runner = run -> {
            String outcome = outcomes.remove(0);
            if (outcome.startsWith("first")) {
                assertTrue(firstMayEnd.await(30, TimeUnit.SECONDS));
            }
            return outcome;
        };
        startWatch(HOUR);
        api.create("again", Map.of());
        api.awaitPhase("again", "Running");
        api.delete("again");
        String uid = api.create("again", Map.of()).getMetadata().getUid();
        List<SqlRestoreStatus> shown = api.recordStatuses(uid);
        api.awaitStatus("again", s -> "queued behind 1 restore".equals(s.message()));

        firstMayEnd.countDown();
        assertEquals("second restore done", api.awaitPhase("again", "Succeeded").message());
        // Status writes reach the watch in order: once the second outcome is there, the first one's write would be too.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (shown.stream().noneMatch(s -> "Succeeded".equals(s.phase())) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(shown.stream().anyMatch(s -> "Succeeded".equals(s.phase())), "the watch saw " + shown);
        assertTrue(shown.stream().noneMatch(s -> "first restore done".equals(s.message())),
                "the first restore's outcome is not shown on the resource created after it: " + shown);
    }

    @Test
    void stoppingTheQueueThenTheWatchLeavesAFinalStatusOnWhatWasWaiting() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        runner = run -> {
            never.await();
            return "restored";
        };
        startWatch(HOUR);
        api.create("running", Map.of());
        api.awaitPhase("running", "Running");
        api.create("waiting", Map.of());
        api.awaitStatus("waiting", s -> "queued behind 1 restore".equals(s.message()));

        // The order the service stops in: the queue first (it fails what it drops), then the watch (it writes that).
        queue.close();
        watch.close();
        SqlRestoreStatus dropped = api.status("waiting");
        assertEquals("Failed", dropped.phase());
        assertEquals("not run: sqlbackup stopped before its turn; send the command again", dropped.message());
    }

    @Test
    void aSqlRestoreWithoutStatusAtStartIsRun() throws Exception {
        api.create("made-while-down", Map.of("targets", List.of("primary")));
        startWatch(HOUR);
        api.awaitPhase("made-while-down", "Succeeded");
        assertEquals(List.of(origin("made-while-down")), ran);
    }

    @Test
    void aSpecWithAnUnknownTargetIsFailedAndNothingIsQueued() throws Exception {
        startWatch(HOUR);
        api.create("typo", Map.of("targets", List.of("primary", "standby")));

        SqlRestoreStatus failed = api.awaitPhase("typo", "Failed");
        assertEquals("not run: unknown target 'standby': targets are primary and replica; create a new SqlRestore with "
                + "that corrected", failed.message());
        assertNull(failed.started());
        assertNotNull(failed.finished());
        // The status is written after the decision not to queue it: a queued command would show here already.
        assertEquals(List.of(), queue.statuses());
        assertEquals(List.of(), ran);
    }

    @Test
    void aSpecFieldOfTheWrongTypeIsFailedAndNothingIsQueued() throws Exception {
        startWatch(HOUR);
        api.create("wrong-type", Map.of("overwrite", "yes"));
        assertEquals("not run: 'overwrite' must be true or false, got \"yes\"; create a new SqlRestore with that corrected",
                api.awaitPhase("wrong-type", "Failed").message());
        assertEquals(List.of(), queue.statuses());
    }

    @Test
    void progressAndStepsWhileRunningReachTheResource() throws Exception {
        CountDownLatch mayEnd = new CountDownLatch(1);
        runner = run -> {
            run.stage("loading primary");
            run.report().done("RESET MASTER on primary 127.0.0.1:3306", "mysql-bin.000001:328");
            run.progress(() -> "3 of 7 tables");
            run.publish();
            assertTrue(mayEnd.await(30, TimeUnit.SECONDS));
            run.report().done("loading primary 127.0.0.1:3306", "7 tables");
            return "restored";
        };
        startWatch(Duration.ofMillis(200));
        api.create("watched", Map.of());
        SqlRestoreStatus running = api.awaitStatus("watched", s -> "loading primary: 3 of 7 tables".equals(s.message()));
        assertEquals("Running", running.phase());
        assertEquals(List.of("ok RESET MASTER on primary 127.0.0.1:3306: mysql-bin.000001:328"), running.steps());

        mayEnd.countDown();
        // Each write carries the whole list of steps: it replaces the one written before.
        assertEquals(List.of("ok RESET MASTER on primary 127.0.0.1:3306: mysql-bin.000001:328",
                "ok loading primary 127.0.0.1:3306: 7 tables"), api.awaitPhase("watched", "Succeeded").steps());
    }

    @Test
    void progressIsNotWrittenAtEveryChange() throws Exception {
        CountDownLatch mayGo = new CountDownLatch(1);
        runner = run -> {
            assertTrue(mayGo.await(30, TimeUnit.SECONDS));
            run.stage("loading primary");
            for (int i = 1; i <= 50; i++) {
                int tables = i;
                run.progress(() -> tables + " of 50 tables");
                run.publish();
                // As a load's progress moves: apart enough that each change could be written on its own.
                Thread.sleep(10);
            }
            return "restored";
        };
        startWatch(HOUR);
        api.create("busy", Map.of());
        api.awaitPhase("busy", "Running");
        int writesBefore = api.statusWrites();
        mayGo.countDown();
        api.awaitStatus("busy", s -> "Succeeded".equals(s.phase()) && "restored".equals(s.message()));
        // A stage, 50 progress changes, then the outcome: the outcome is written at once, the rest at most once an
        // interval (an hour here), so the outcome is all there is to write.
        int writes = api.statusWrites() - writesBefore;
        assertEquals(1, writes, writes + " status writes for a stage, 50 progress changes and the outcome");
    }

    @Test
    void startFailsWithWhatToDoWhenTheResourceTypeIsNotInstalled() {
        api.refuseList(404, "NotFound", "the server could not find the requested resource");
        watch = new SqlRestoreWatch(api.settings(HOUR), queue);
        ConfigurationException e = assertThrows(ConfigurationException.class, watch::start);
        assertEquals("cannot watch SqlRestore resources in namespace 'backups': the API server does not know the resource "
                + "type sqlrestores.sqlbackup.io (HTTP 404: the server could not find the requested resource): install it "
                + "(kubectl apply -f k8s/base/sqlrestore-crd.yaml), or turn sqlbackup.restore.kubernetes.enabled off",
                e.getMessage());
    }

    @Test
    void startFailsWithWhatToDoWhenTheServiceAccountMayNotListSqlRestores() {
        api.refuseList(403, "Forbidden", "sqlrestores.sqlbackup.io is forbidden: User \"system:serviceaccount:backups:"
                + "sqlbackup\" cannot list resource \"sqlrestores\" in API group \"sqlbackup.io\" in the namespace \"backups\"");
        watch = new SqlRestoreWatch(api.settings(HOUR), queue);
        ConfigurationException e = assertThrows(ConfigurationException.class, watch::start);
        assertTrue(e.getMessage().startsWith("cannot watch SqlRestore resources in namespace 'backups': not allowed (HTTP "
                + "403: sqlrestores.sqlbackup.io is forbidden: User"), e.getMessage());
        assertTrue(e.getMessage().endsWith("grant the service account get, list and watch on sqlrestores "
                + "(k8s/base/sqlrestore-rbac.yaml), or fix sqlbackup.kubernetes.namespace"), e.getMessage());
    }

    @Test
    void theWatchIsOffUnlessEnabled() {
        assertFalse(SqlRestoreWatch.isEnabled(new Settings(Map.of())));
        assertTrue(SqlRestoreWatch.isEnabled(new Settings(Map.of(SqlRestoreWatch.ENABLED, "true"))));
        assertThrows(ConfigurationException.class,
                () -> SqlRestoreWatch.isEnabled(new Settings(Map.of(SqlRestoreWatch.ENABLED, "yes"))));
    }
}

package io.sqlbackup.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.sqlbackup.config.Settings;
import io.sqlbackup.config.SettingsLoader;
import io.sqlbackup.embedded.MariaDbServer;
import io.sqlbackup.k8s.OpsContract;
import io.sqlbackup.testing.ApiCallRecorder;
import io.sqlbackup.restore.kubernetes.SqlRestoreApi;
import io.sqlbackup.testing.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sqlbackup pods against one Kubernetes API (fabric8's mock server in CRUD mode, real HTTP):
 * each source's schedule and the SqlRestore watch run on exactly one pod, the holder of their
 * Lease (one Lease per source and one for the watch); when that pod goes away, the other takes over
 * within the lease time and carries on.
 */
class LeaderElectionTest {

    private static final String NS = SqlRestoreApi.NAMESPACE;
    private static final List<String> GROUPS = List.of("backup-one", "backup-two", "restore");
    private static final long TAKEOVER_MILLIS = 20_000;

    @Test
    void eachScheduleRunsOnItsLeaseHolderAndMovesWhenThePodGoes(@TempDir Path tmp) throws Exception {
        try (SqlRestoreApi api = new SqlRestoreApi(); MariaDbServer source = TestServers.fresh(61)) {
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE lead");
                s.execute("CREATE TABLE lead.t (id INT PRIMARY KEY)");
                s.execute("INSERT INTO lead.t VALUES (1), (2), (3)");
            }
            for (String pod : List.of("pod-a", "pod-b")) {
                // Only running, ready pods are candidates for a lease.
                api.client().pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(pod)
                        .withNamespace(NS).addToLabels("app.kubernetes.io/name", "sqlbackup").endMetadata()
                        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .addNewContainerStatus().withName("sqlbackup").withReady(true).endContainerStatus().endStatus()
                        .build()).create();
            }
            SqlbackupService a = new SqlbackupService(settings(api, source, tmp, "pod-a"));
            SqlbackupService b = new SqlbackupService(settings(api, source, tmp, "pod-b"));
            try (b) {
                try (a) {
                    // pod-a first, so the takeover below is a real one
                    a.start();
                    awaitTrue("pod-a holds every lease", () -> GROUPS.stream().allMatch(g -> "pod-a".equals(holder(api, g))));
                    b.start();
                    for (String source1 : List.of("one", "two")) {
                        String holder = holder(api, "backup-" + source1);
                        awaitTrue("the pods agree with the lease of " + source1, () ->
                                a.isLeader(source1) == "pod-a".equals(holder) && b.isLeader(source1) == "pod-b".equals(holder));
                        assertNotEquals(a.isLeader(source1), b.isLeader(source1), "exactly one pod leads " + source1);
                    }
                    // Readiness never depends on leadership: the follower is as ready as the leader.
                    for (SqlbackupService pod : List.of(a, b)) {
                        awaitTrue("every readiness check of a pod is UP", () -> {
                            var results = org.apache.camel.health.HealthCheckHelper.invokeReadiness(pod.context());
                            return !results.isEmpty() && results.stream().allMatch(
                                    r -> r.getState() == org.apache.camel.health.HealthCheck.State.UP);
                        });
                    }
                    // The schedules fire every second: backups come from the lease holder only.
                    for (String name : List.of("one", "two")) {
                        SqlbackupService leader = a.isLeader(name) ? a : b;
                        SqlbackupService follower = leader == a ? b : a;
                        awaitTrue("the leader of " + name + " takes backups", () -> leader.backups().source(name).successes() >= 2);
                        assertEquals(0, follower.backups().source(name).successes() + follower.backups().source(name).failures(),
                                "the follower of " + name + " took no backup");
                    }
                    // A SqlRestore is taken by the one pod holding the restore lease.
                    api.create("restore-one", Map.of("targets", List.of("replica"), "replication", false, "source", "one"));
                    api.awaitStatus("restore-one", st -> "Failed".equals(st.phase()) || "Succeeded".equals(st.phase()));
                    SqlbackupService restorer = "pod-a".equals(holder(api, "restore")) ? a : b;
                    SqlbackupService other = restorer == a ? b : a;
                    assertEquals(1, restorer.restoreQueue().statuses().size(), "the restore lease holder ran the SqlRestore");
                    assertEquals(0, other.restoreQueue().statuses().size(), "the other pod left it alone");
                }
                // pod-a is gone: its process stopped and its Pod deleted, as when a node dies.
                api.client().pods().inNamespace(NS).withName("pod-a").delete();
                long takeover = System.nanoTime();
                awaitTrue("pod-b takes every lease", () -> GROUPS.stream().allMatch(g -> "pod-b".equals(holder(api, g))));
                awaitTrue("pod-b leads every schedule", () -> b.isLeader("one") && b.isLeader("two"));
                long tookMillis = (System.nanoTime() - takeover) / 1_000_000;
                assertTrue(tookMillis < TAKEOVER_MILLIS, "took over in " + tookMillis + " ms");
                System.out.println("LeaderElectionTest: pod-b held every lease " + tookMillis + " ms after pod-a's Pod was deleted"
                        + " (lease duration 4 s)");
                long before = b.backups().source("one").successes() + b.backups().source("two").successes();
                awaitTrue("pod-b now takes the backups of both sources",
                        () -> b.backups().source("one").successes() > 0 && b.backups().source("two").successes() > 0
                                && b.backups().source("one").successes() + b.backups().source("two").successes() >= before + 2);
                // and the SqlRestore watch moved with the restore lease
                int ran = b.restoreQueue().statuses().size();
                api.create("restore-two", Map.of("targets", List.of("replica"), "replication", false, "source", "two"));
                api.awaitStatus("restore-two", st -> "Failed".equals(st.phase()) || "Succeeded".equals(st.phase()));
                assertEquals(ran + 1, b.restoreQueue().statuses().size(), "pod-b ran the SqlRestore made after the takeover");
            }
            // Every API call the two pods made is one the Roles in k8s/ grant.
            var calls = api.serviceCalls();
            assertTrue(calls.contains(new ApiCallRecorder.ApiCall("update", "coordination.k8s.io", "leases", "sqlbackup-backup-one"))
                    && calls.contains(new ApiCallRecorder.ApiCall("list", "", "pods", null)), "the calls were recorded: " + calls);
            OpsContract.assertGranted(calls, name -> false);
        }
    }

    /**
     * A renewal the API server refuses (a timeout under load) does not end the election: the next
     * renewals go on, the pod keeps leading and stays live (the lease-renewals liveness check only
     * fails for a Lease left unrenewed; LeaseRenewalsTest).
     */
    @Test
    void aFailedRenewalDoesNotEndLeadership(@TempDir Path tmp) throws Exception {
        try (SqlRestoreApi api = new SqlRestoreApi(); MariaDbServer source = TestServers.fresh(62)) {
            api.client().pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("pod-a")
                    .withNamespace(NS).addToLabels("app.kubernetes.io/name", "sqlbackup").endMetadata()
                    .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .addNewContainerStatus().withName("sqlbackup").withReady(true).endContainerStatus().endStatus()
                    .build()).create();
            List<String> values = new ArrayList<>(List.of(
                    "sqlbackup.source.url=" + source.jdbcUrl(),
                    "sqlbackup.bucket=file:" + tmp,
                    "sqlbackup.key=leader-test",
                    "sqlbackup.schedule=0 0 3 1 1 ? 2099",
                    "sqlbackup.schedule.enabled=true",
                    "sqlbackup.leader-election=kubernetes",
                    "sqlbackup.leader-election.pod-name=pod-a",
                    "sqlbackup.leader-election.lease-duration=3s",
                    "sqlbackup.leader-election.renew-deadline=2s",
                    "sqlbackup.leader-election.retry-period=1s",
                    "sqlbackup.readiness.interval=1s",
                    "sqlbackup.kubernetes.master-url=" + api.url(),
                    "sqlbackup.kubernetes.namespace=" + NS,
                    "camel.management.enabled=false"));
            try (SqlbackupService pod = new SqlbackupService(new SettingsLoader(Map.of()).load(null, values))) {
                pod.start();
                awaitTrue("pod-a leads", () -> pod.isLeader("default") && "pod-a".equals(holder(api, "backup-default")));
                awaitTrue("pod-a is live", () -> live(pod));
                java.time.ZonedDateTime before = renewed(api, "backup-default");
                api.failNextLeaseUpdate("sqlbackup-backup-default");
                // three lease durations: what the liveness check would call stale
                Thread.sleep(9_000);
                assertTrue(renewed(api, "backup-default").isAfter(before.plusSeconds(6)), "renewals went on");
                assertTrue(pod.isLeader("default"), "pod-a still leads");
                assertTrue(live(pod), "and is live");
            }
            OpsContract.assertGranted(api.serviceCalls(), name -> false);
        }
    }

    private static java.time.ZonedDateTime renewed(SqlRestoreApi api, String group) {
        return api.client().leases().inNamespace(NS).withName("sqlbackup-" + group).get().getSpec().getRenewTime();
    }

    private static boolean live(SqlbackupService pod) {
        return org.apache.camel.health.HealthCheckHelper.invokeLiveness(pod.context()).stream()
                .allMatch(r -> r.getState() == org.apache.camel.health.HealthCheck.State.UP);
    }

    private static String holder(SqlRestoreApi api, String group) {
        Lease lease = api.client().leases().inNamespace(NS).withName("sqlbackup-" + group).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static Settings settings(SqlRestoreApi api, MariaDbServer source, Path tmp, String pod) {
        List<String> values = new ArrayList<>(List.of(
                "sqlbackup.sources.one.url=" + source.jdbcUrl(),
                "sqlbackup.sources.two.url=" + source.jdbcUrl(),
                "sqlbackup.primary.url=" + source.jdbcUrl(),
                "sqlbackup.replica.url=" + source.jdbcUrl(),
                "sqlbackup.bucket=file:" + tmp,
                "sqlbackup.key=leader-test",
                "sqlbackup.dump.databases=lead",
                "sqlbackup.schedule=* * * * * ?",
                "sqlbackup.schedule.enabled=true",
                "sqlbackup.retention.enabled=false",
                "sqlbackup.leader-election=kubernetes",
                "sqlbackup.leader-election.pod-name=" + pod,
                "sqlbackup.leader-election.lease-duration=4s",
                "sqlbackup.leader-election.renew-deadline=3s",
                "sqlbackup.leader-election.retry-period=1s",
                "sqlbackup.kubernetes.master-url=" + api.url(),
                "sqlbackup.kubernetes.namespace=" + NS,
                "sqlbackup.restore.kubernetes.enabled=true",
                // two services in one JVM: the management server's port, the Camel context's and Quartz's names would clash
                "camel.management.enabled=false",
                "camel.main.name=sqlbackup-" + pod));
        return new SettingsLoader(Map.of()).load(null, values);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TAKEOVER_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("timed out waiting until " + what);
    }
}

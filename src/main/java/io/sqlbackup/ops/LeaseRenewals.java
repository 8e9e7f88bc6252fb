package io.sqlbackup.ops;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sqlbackup.SqlBackupException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.cluster.CamelClusterService;

/**
 * A liveness probe for the Kubernetes leader election. camel-kubernetes 4.14 takes a Lease over only
 * when its holder is no longer a running, ready pod; it does not look at how old the renewal is. So if
 * this pod ever stops renewing a Lease it holds (its renewal task gone, its local leadership lapsed)
 * while it stays ready, no pod leads that group again and the source's schedule stops everywhere.
 * This probe notices a Lease that names this pod, was not renewed for three lease durations, and is
 * not led here, and fails liveness, so the kubelet restarts the pod and the election starts afresh.
 * (A single failed renewal does not cause this: the renewals go on, LeaderElectionTest shows it.)
 * An API server that cannot be asked is not this pod's fault: that passes.
 */
public final class LeaseRenewals implements ReachabilityCheck.Probe {

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final String prefix;
    private final List<String> groups;
    private final Duration stale;
    private final CamelClusterService cluster;
    private final Clock clock;

    /** @param prefix what the Lease names start with ({@code sqlbackup.leader-election.lease-prefix}) */
    public LeaseRenewals(KubernetesClient client, String namespace, String pod, String prefix, List<String> groups,
                         Duration leaseDuration, CamelClusterService cluster) {
        this(client, namespace, pod, prefix, groups, leaseDuration, cluster, Clock.systemUTC());
    }

    LeaseRenewals(KubernetesClient client, String namespace, String pod, String prefix, List<String> groups, Duration leaseDuration,
                  CamelClusterService cluster, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.prefix = prefix;
        this.groups = List.copyOf(groups);
        this.stale = leaseDuration.multipliedBy(3);
        this.cluster = cluster;
        this.clock = clock;
    }

    @Override
    public void run() {
        for (String group : groups) {
            Lease lease;
            try {
                lease = client.leases().inNamespace(namespace).withName(LeaderElection.leaseName(prefix, group)).get();
            } catch (KubernetesClientException e) {
                return;
            }
            if (lease == null || lease.getSpec() == null || !pod.equals(lease.getSpec().getHolderIdentity())
                    || lease.getSpec().getRenewTime() == null) {
                continue;
            }
            Instant renewed = lease.getSpec().getRenewTime().toInstant();
            if (renewed.plus(stale).isBefore(clock.instant()) && !cluster.isLeader(group)) {
                throw new SqlBackupException("the leader election of " + group + " stopped: the Lease "
                        + LeaderElection.leaseName(prefix, group) + " still names this pod but was last renewed at " + renewed
                        + " and this pod no longer leads it, so no pod runs its work; a restart of the pod starts the"
                        + " election afresh");
            }
        }
    }
}

package io.sqlbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.sqlbackup.k8s.OpsContract.Grant;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The manifests in k8s/ as {@code kubectl apply -k} would send them: every kustomization (the base
 * and each overlay) is rendered with {@code kubectl kustomize} and the objects are checked against
 * each other (names and keys that must meet) and against what the service code expects
 * ({@link OpsContract}): probes, port, configuration, API permissions, metrics, pod hardening.
 */
class KustomizeManifestsTest {

    private static final Map<String, RenderedManifests> RENDERS = new ConcurrentHashMap<>();
    private static final Path EXAMPLE_SECRETS = Path.of("k8s", "components", "example-secrets", "secrets.example.yaml");
    private static final Pattern METRIC = Pattern.compile("\\bsqlbackup_[a-z0-9_]+");

    static Stream<String> kustomizations() {
        return Stream.of("base", "overlays/dev", "overlays/production");
    }

    static Stream<String> overlays() {
        return Stream.of("overlays/dev", "overlays/production");
    }

    /** Where the Prometheus operator's objects must be (dev removes them: scratch clusters lack the operator). */
    static Stream<String> withMonitoring() {
        return Stream.of("base", "overlays/production");
    }

    private static RenderedManifests manifests(String dir) {
        RenderedManifests cached = RENDERS.get(dir);
        if (cached == null) {
            cached = RenderedManifests.render(dir);
            RENDERS.put(dir, cached);
        }
        return cached;
    }

    // ---- references between objects ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyConfigMapAndSecretThePodReadsExistsWithTheKeysItReads(String dir) {
        RenderedManifests m = manifests(dir);
        Map<String, Set<String>> secrets = secretKeys(m);
        Map<String, Set<String>> configMaps = new HashMap<>();
        m.all(ConfigMap.class).forEach(c -> configMaps.put(c.getMetadata().getName(), RenderedManifests.keys(c)));
        PodSpec pod = m.podSpec();
        List<String> missing = new ArrayList<>();
        for (Container c : containers(pod)) {
            for (EnvVar env : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                if (env.getValueFrom() == null) {
                    continue;
                }
                var s = env.getValueFrom().getSecretKeyRef();
                if (s != null) {
                    need(missing, "env " + env.getName(), "Secret", secrets, s.getName(), s.getKey());
                }
                var cm = env.getValueFrom().getConfigMapKeyRef();
                if (cm != null) {
                    need(missing, "env " + env.getName(), "ConfigMap", configMaps, cm.getName(), cm.getKey());
                }
            }
            for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
                if (from.getSecretRef() != null) {
                    need(missing, "envFrom", "Secret", secrets, from.getSecretRef().getName(), null);
                }
                if (from.getConfigMapRef() != null) {
                    need(missing, "envFrom", "ConfigMap", configMaps, from.getConfigMapRef().getName(), null);
                }
            }
            for (VolumeMount mount : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
                Optional<Volume> volume = volume(pod, mount.getName());
                if (volume.isEmpty()) {
                    missing.add("volumeMount " + mount.getMountPath() + ": no volume named " + mount.getName());
                    continue;
                }
                // a subPath of a whole ConfigMap or Secret volume is one of its keys
                if (mount.getSubPath() != null && volume.get().getConfigMap() != null
                        && volume.get().getConfigMap().getItems() == null) {
                    need(missing, "volumeMount " + mount.getMountPath(), "ConfigMap", configMaps,
                            volume.get().getConfigMap().getName(), mount.getSubPath());
                }
            }
        }
        for (Volume v : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
            String what = "volume " + v.getName();
            if (v.getConfigMap() != null) {
                needItems(missing, what, "ConfigMap", configMaps, v.getConfigMap().getName(), v.getConfigMap().getItems());
            }
            if (v.getSecret() != null) {
                needItems(missing, what, "Secret", secrets, v.getSecret().getSecretName(), v.getSecret().getItems());
            }
            if (v.getProjected() != null) {
                for (VolumeProjection p : v.getProjected().getSources()) {
                    if (p.getConfigMap() != null) {
                        needItems(missing, what, "ConfigMap", configMaps, p.getConfigMap().getName(), p.getConfigMap().getItems());
                    }
                    if (p.getSecret() != null) {
                        needItems(missing, what, "Secret", secrets, p.getSecret().getName(), p.getSecret().getItems());
                    }
                }
            }
        }
        // read through the API, not mounted: sqlbackup.key-secret
        String keySecret = PodConfiguration.of(m).get(OpsContract.KEY_SECRET);
        need(missing, OpsContract.KEY_SECRET, "Secret", secrets, keySecret, OpsContract.KEY_SECRET_DATA_KEY);
        assertTrue(missing.isEmpty(), () -> dir + ": references to nothing:\n  " + String.join("\n  ", missing));
    }

    /**
     * Secrets the render holds, and for the rest the shape of the example: where the overlay does
     * not carry Secrets, the operator creates them by hand as the example shows.
     */
    private static Map<String, Set<String>> secretKeys(RenderedManifests m) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (HasMetadata o : RenderedManifests.readFile(EXAMPLE_SECRETS)) {
            if (o instanceof Secret s) {
                keys.put(s.getMetadata().getName(), RenderedManifests.keys(s));
            }
        }
        m.all(Secret.class).forEach(s -> keys.put(s.getMetadata().getName(), RenderedManifests.keys(s)));
        return keys;
    }

    private static void need(List<String> missing, String who, String kind, Map<String, Set<String>> objects, String name,
            String key) {
        Set<String> keys = objects.get(name);
        if (keys == null) {
            missing.add(who + ": no " + kind + " " + name + " (have " + new TreeSet<>(objects.keySet()) + ")");
        } else if (key != null && !keys.contains(key)) {
            missing.add(who + ": " + kind + " " + name + " has no key " + key + " (its keys: " + keys + ")");
        }
    }

    private static void needItems(List<String> missing, String who, String kind, Map<String, Set<String>> objects,
            String name, List<KeyToPath> items) {
        need(missing, who, kind, objects, name, null);
        for (KeyToPath item : Optional.ofNullable(items).orElse(List.of())) {
            need(missing, who, kind, objects, name, item.getKey());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void serviceSelectsTheDeploymentsPodsOnTheNamedManagementPort(String dir) {
        RenderedManifests m = manifests(dir);
        Deployment d = m.deployment();
        assertSelects(dir + " Deployment selector", d.getSpec().getSelector().getMatchLabels(), m.podLabels());
        Service service = m.one(Service.class);
        assertSelects(dir + " Service " + service.getMetadata().getName(), service.getSpec().getSelector(), m.podLabels());
        ContainerPort management = managementPort(m);
        List<ServicePort> ports = service.getSpec().getPorts();
        assertFalse(ports.isEmpty(), dir + ": the Service exposes no port");
        for (ServicePort port : ports) {
            IntOrString target = port.getTargetPort();
            assertNotNull(target, dir + ": Service port " + port.getName() + " has no targetPort");
            assertEquals(OpsContract.MANAGEMENT_PORT_NAME, target.getStrVal(), () -> dir + ": Service port " + port.getName()
                    + " must target the container port by its name (" + OpsContract.MANAGEMENT_PORT_NAME + "), not " + target);
            assertEquals(management.getContainerPort(), port.getPort(), () -> dir + ": the Service port differs from 9876, "
                    + "which docs/kubernetes.md's port-forward and hawtio URL use");
        }
    }

    private static void assertSelects(String what, Map<String, String> selector, Map<String, String> labels) {
        assertTrue(selector != null && !selector.isEmpty(), what + " selects nothing");
        selector.forEach((k, v) -> assertEquals(v, labels.get(k), () -> what + " wants " + k + "=" + v + "; the pods have "
                + labels));
    }

    /** The container port named {@code management}, which must be the contract's 9876. */
    private static ContainerPort managementPort(RenderedManifests m) {
        ContainerPort port = Optional.ofNullable(m.container().getPorts()).orElse(List.of()).stream()
                .filter(p -> OpsContract.MANAGEMENT_PORT_NAME.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(m + ": the container has no port named " + OpsContract.MANAGEMENT_PORT_NAME));
        assertEquals(OpsContract.MANAGEMENT_PORT, port.getContainerPort(), m + ": the management port");
        return port;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void probesAskTheContractsHealthPathsOnTheManagementPort(String dir) {
        RenderedManifests m = manifests(dir);
        Container c = m.container();
        int port = managementPort(m).getContainerPort();
        assertProbe(m, "liveness", c.getLivenessProbe(), OpsContract.LIVE, port);
        assertProbe(m, "readiness", c.getReadinessProbe(), OpsContract.READY, port);
        if (c.getStartupProbe() != null) {
            // it stands in for liveness while the service starts
            assertProbe(m, "startup", c.getStartupProbe(), OpsContract.LIVE, port);
        }
        PodConfiguration config = PodConfiguration.of(m);
        assertEquals(String.valueOf(port), config.get(OpsContract.MANAGEMENT_PORT_KEY),
                () -> dir + ": the probes ask port " + port + " but the service listens on " + OpsContract.MANAGEMENT_PORT_KEY
                        + "=" + config.get(OpsContract.MANAGEMENT_PORT_KEY));
    }

    private static void assertProbe(RenderedManifests m, String which, Probe probe, String path, int port) {
        assertNotNull(probe, m + ": no " + which + " probe");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, m + ": the " + which + " probe must be an HTTP GET on the management server");
        assertEquals(path, get.getPath(), m + ": " + which + " probe path");
        assertEquals(port, portNumber(m.container(), get.getPort()), m + ": " + which + " probe port");
    }

    private static int portNumber(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    // ---- identity and permissions ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theDeploymentsServiceAccountExistsAndIsBoundToTheRoles(String dir) {
        RenderedManifests m = manifests(dir);
        String account = m.podSpec().getServiceAccountName();
        assertNotNull(account, dir + ": the pod names no serviceAccountName (it would run as `default`)");
        ServiceAccount sa = m.find(ServiceAccount.class, account)
                .orElseThrow(() -> new AssertionError(dir + ": ServiceAccount " + account + " is not rendered"));
        List<Role> roles = rolesBoundTo(m, sa);
        assertFalse(roles.isEmpty(), dir + ": no RoleBinding binds a Role to ServiceAccount " + account);
        for (RoleBinding binding : m.all(RoleBinding.class)) {
            String role = binding.getRoleRef().getName();
            assertEquals("Role", binding.getRoleRef().getKind(), () -> dir + ": RoleBinding " + binding.getMetadata().getName()
                    + " must bind a namespaced Role, not a " + binding.getRoleRef().getKind());
            assertTrue(m.find(Role.class, role).isPresent(), () -> dir + ": RoleBinding " + binding.getMetadata().getName()
                    + " binds Role " + role + ", which is not rendered");
        }
        for (Role role : m.all(Role.class)) {
            assertTrue(roles.contains(role), () -> dir + ": Role " + role.getMetadata().getName() + " is bound to nothing");
        }
    }

    /** The Roles whose RoleBindings name this ServiceAccount, in its own namespace. */
    private static List<Role> rolesBoundTo(RenderedManifests m, ServiceAccount sa) {
        List<Role> roles = new ArrayList<>();
        for (RoleBinding binding : m.all(RoleBinding.class)) {
            boolean names = false;
            for (Subject s : binding.getSubjects()) {
                if ("ServiceAccount".equals(s.getKind()) && sa.getMetadata().getName().equals(s.getName())) {
                    assertEquals(sa.getMetadata().getNamespace(), s.getNamespace(), () -> m + ": RoleBinding "
                            + binding.getMetadata().getName() + " names the ServiceAccount in another namespace");
                    names = true;
                }
            }
            if (names) {
                m.find(Role.class, binding.getRoleRef().getName()).ifPresent(roles::add);
            }
        }
        return roles;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theRolesGrantExactlyTheApiCallsTheServiceMakes(String dir) {
        RenderedManifests m = manifests(dir);
        assertTrue(m.all(ClusterRole.class).isEmpty() && m.all(ClusterRoleBinding.class).isEmpty(),
                dir + ": sqlbackup needs nothing cluster-wide; no ClusterRole or ClusterRoleBinding");
        ServiceAccount sa = m.find(ServiceAccount.class, m.podSpec().getServiceAccountName()).orElseThrow();
        Map<Grant, Set<String>> granted = new TreeMap<>(java.util.Comparator.comparing(Grant::toString));
        for (Role role : rolesBoundTo(m, sa)) {
            for (PolicyRule rule : role.getRules()) {
                assertTrue(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty(),
                        dir + ": Role " + role.getMetadata().getName() + " grants non-resource URLs");
                List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                        ? List.of(OpsContract.ANY_NAME) : rule.getResourceNames();
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        for (String name : names) {
                            granted.computeIfAbsent(new Grant(group, resource, name), g -> new TreeSet<>()).addAll(rule.getVerbs());
                        }
                    }
                }
            }
        }
        String keySecret = PodConfiguration.of(m).get(OpsContract.KEY_SECRET);
        Map<Grant, Set<String>> expected = new TreeMap<>(java.util.Comparator.comparing(Grant::toString));
        OpsContract.API_CALLS.forEach((g, verbs) -> expected.put(OpsContract.KEY_SECRET_NAME.equals(g.resourceName())
                ? new Grant(g.apiGroup(), g.resource(), keySecret) : g, new TreeSet<>(verbs)));
        assertEquals(expected.toString(), granted.toString(), () -> dir + ": the Roles bound to ServiceAccount "
                + sa.getMetadata().getName() + " must grant what the code calls and nothing else (no wildcards, no "
                + "secrets beyond " + OpsContract.KEY_SECRET + "=" + keySecret + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theSqlRestoreCrdServesTheResourcesTheRoleNames(String dir) {
        RenderedManifests m = manifests(dir);
        CustomResourceDefinition crd = m.one(CustomResourceDefinition.class);
        assertEquals("sqlbackup.io", crd.getSpec().getGroup());
        assertEquals("sqlrestores", crd.getSpec().getNames().getPlural());
        assertTrue(crd.getSpec().getVersions().stream().anyMatch(v -> v.getSubresources() != null
                && v.getSubresources().getStatus() != null), dir + ": the CRD has no status subresource, which the "
                + "Role's sqlrestores/status grant and the status writer rely on");
    }

    // ---- configuration ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void configurationElectsLeadersAmongTheseVeryPods(String dir) {
        RenderedManifests m = manifests(dir);
        PodConfiguration config = PodConfiguration.of(m);
        assertEquals("kubernetes", config.get(OpsContract.LEADER_ELECTION), dir + ": " + OpsContract.LEADER_ELECTION
                + " (more than one pod without it would run every backup twice)");
        assertEquals("kubernetes", config.inFile(OpsContract.LEADER_ELECTION),
                dir + ": the ConfigMap's application.properties must set " + OpsContract.LEADER_ELECTION);
        String podLabels = config.get(OpsContract.POD_LABELS);
        Map<String, String> wanted = new HashMap<>();
        if (podLabels != null && !podLabels.isBlank()) {
            for (String pair : podLabels.split(",")) {
                String[] kv = pair.split("=", 2);
                assertEquals(2, kv.length, dir + ": " + OpsContract.POD_LABELS + " is not label=value[,label=value]: " + podLabels);
                wanted.put(kv[0].trim(), kv[1].trim());
            }
        } else {
            wanted.put(OpsContract.POD_LABEL_KEY, OpsContract.POD_LABEL_VALUE);
        }
        assertSelects(dir + " " + OpsContract.POD_LABELS, wanted, m.podLabels());
        config.loadAsTheServiceDoes();
        assertEquals("false", config.get("sqlbackup.readiness.sources"), dir + ": only ready pods lead, so a source "
                + "database that is down for every pod must not make them unready (no pod would run the other sources' "
                + "schedules or restores)");
        assertEquals("true", config.get("camel.management.enabled"), dir + ": the management server must be on");
        assertEquals("true", config.get("camel.management.health-check-enabled"), dir + ": health for the probes");
        assertEquals("true", config.get("camel.management.metrics-enabled"), dir + ": metrics for Prometheus");
        String bucket = config.get("sqlbackup.bucket");
        assertTrue(bucket != null && bucket.startsWith("gs://"), dir + ": the bucket must be Cloud Storage (a local "
                + "directory would vanish with the pod): " + bucket);
        for (String target : List.of("sqlbackup.source.url", "sqlbackup.primary.url", "sqlbackup.replica.url")) {
            String url = config.get(target);
            assertTrue(url != null && url.startsWith("jdbc:mariadb://") && !url.contains("127.0.0.1")
                    && !url.contains("localhost"), dir + ": " + target + " must name an in-cluster MariaDB service: " + url);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void environmentVariablesOnlyNameKeysTheServiceDeclares(String dir) {
        RenderedManifests m = manifests(dir);
        PodConfiguration config = PodConfiguration.of(m);
        // the service ignores an override of an undeclared key: a typo would silently do nothing
        List<String> ignored = Optional.ofNullable(m.container().getEnv()).orElse(List.of()).stream().map(EnvVar::getName)
                .filter(n -> n.startsWith("SQLBACKUP_")).filter(n -> config.declaredKeyOf(n).isEmpty()).toList();
        assertTrue(ignored.isEmpty(), () -> dir + ": these variables name no key of config/application.properties or the "
                + "ConfigMap, so the service ignores them: " + ignored);
        Set<String> names = Optional.ofNullable(m.container().getEnv()).orElse(List.of()).stream().map(EnvVar::getName)
                .collect(Collectors.toSet());
        assertTrue(names.contains("POD_NAME") && names.contains("POD_NAMESPACE"),
                dir + ": POD_NAME and POD_NAMESPACE (downward API) name the lease holder and the namespace");
        for (EnvVar env : m.container().getEnv()) {
            if (env.getName().equals("POD_NAME") || env.getName().equals("POD_NAMESPACE")) {
                String field = env.getName().equals("POD_NAME") ? "metadata.name" : "metadata.namespace";
                assertTrue(env.getValueFrom() != null && env.getValueFrom().getFieldRef() != null
                        && field.equals(env.getValueFrom().getFieldRef().getFieldPath()), dir + ": " + env.getName()
                        + " must come from the downward API " + field);
            }
            if (env.getName().endsWith("_PASSWORD")) {
                assertTrue(env.getValue() == null && env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null,
                        dir + ": " + env.getName() + " must come from a Secret, not a literal");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void jolokiaUsersFileIsTheMountedSecretKey(String dir) {
        RenderedManifests m = manifests(dir);
        String usersFile = PodConfiguration.of(m).get(OpsContract.JOLOKIA_USERS_FILE);
        assertEquals(OpsContract.JOLOKIA_DIR + "/" + OpsContract.JOLOKIA_USERS_KEY, usersFile, dir + ": "
                + OpsContract.JOLOKIA_USERS_FILE);
        VolumeMount mount = mountAt(m, OpsContract.JOLOKIA_DIR);
        Volume volume = volume(m.podSpec(), mount.getName()).orElseThrow();
        assertNotNull(volume.getSecret(), dir + ": " + OpsContract.JOLOKIA_DIR + " must be a Secret volume");
        assertEquals(OpsContract.JOLOKIA_SECRET, volume.getSecret().getSecretName(), dir + ": the Jolokia users Secret");
        List<KeyToPath> items = volume.getSecret().getItems();
        boolean fileThere = items == null || items.stream().anyMatch(i -> OpsContract.JOLOKIA_USERS_KEY.equals(i.getPath()));
        assertTrue(fileThere, dir + ": the Secret volume does not put " + OpsContract.JOLOKIA_USERS_KEY + " in "
                + OpsContract.JOLOKIA_DIR);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void configIsMountedWhereTheImageReadsItAndTheImagesPathsAreWritable(String dir) {
        RenderedManifests m = manifests(dir);
        Element jib = jibConfiguration();
        List<String> args = texts(jib, "arg");
        int at = args.indexOf("--config");
        assertTrue(at >= 0 && at + 1 < args.size(), "pom.xml: the image's args name no --config file: " + args);
        assertEquals(OpsContract.CONFIG_FILE, args.get(at + 1), "pom.xml: the image must read the contract's config file");
        mountAt(m, args.get(at + 1)); // something is mounted where the image reads
        PodConfiguration.of(m); // and it is the ConfigMap's application.properties
        for (String flag : texts(jib, "jvmFlag")) {
            if (flag.startsWith("-Dvertx.cacheDirBase=")) {
                String dirOfCache = flag.substring(flag.indexOf('=') + 1);
                assertTrue(dirOfCache.startsWith(OpsContract.WRITABLE_DIR + "/"), "pom.xml: the Vert.x cache must be under /tmp");
            }
        }
        String user = texts(jib, "user").stream().findFirst().orElseThrow(() -> new AssertionError("pom.xml: no jib <user>"));
        long uid = Long.parseLong(user.split(":")[0]);
        assertTrue(uid > 0, "pom.xml: the image's user must not be root");
        Long runAs = Optional.ofNullable(m.container().getSecurityContext()).map(SecurityContext::getRunAsUser)
                .orElse(Optional.ofNullable(m.podSpec().getSecurityContext()).map(PodSecurityContext::getRunAsUser).orElse(null));
        if (runAs != null) {
            assertEquals(uid, runAs, dir + ": runAsUser differs from the image's user (pom.xml jib <user>)");
        }
    }

    private static Element jibConfiguration() {
        try {
            Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
            NodeList ids = pom.getElementsByTagName("artifactId");
            for (int i = 0; i < ids.getLength(); i++) {
                if ("jib-maven-plugin".equals(ids.item(i).getTextContent().trim())) {
                    Element plugin = (Element) ids.item(i).getParentNode();
                    NodeList conf = plugin.getElementsByTagName("configuration");
                    assertTrue(conf.getLength() > 0, "pom.xml: jib-maven-plugin has no configuration");
                    return (Element) conf.item(0);
                }
            }
        } catch (Exception e) {
            throw new AssertionError("cannot read pom.xml", e);
        }
        throw new AssertionError("pom.xml has no jib-maven-plugin, which builds the image the manifests run");
    }

    private static List<String> texts(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }

    // ---- hardening ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void podRunsAsNonRootOnAReadOnlyRootWithWritableTmp(String dir) {
        RenderedManifests m = manifests(dir);
        PodSpec pod = m.podSpec();
        PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
        for (Container c : containers(pod)) {
            SecurityContext sc = c.getSecurityContext();
            assertNotNull(sc, dir + ": container " + c.getName() + " has no securityContext");
            Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podContext.getRunAsNonRoot();
            assertEquals(Boolean.TRUE, nonRoot, dir + ": runAsNonRoot");
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), dir + ": readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), dir + ": allowPrivilegeEscalation");
            assertFalse(Boolean.TRUE.equals(sc.getPrivileged()), dir + ": privileged");
            assertTrue(sc.getCapabilities() != null && sc.getCapabilities().getDrop() != null
                    && sc.getCapabilities().getDrop().contains("ALL"), dir + ": capabilities must drop ALL");
            assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), dir + ": no capability added");
            String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                    : podContext.getSeccompProfile() != null ? podContext.getSeccompProfile().getType() : null;
            assertEquals("RuntimeDefault", seccomp, dir + ": seccomp profile");
        }
        VolumeMount tmp = mountAt(m, OpsContract.WRITABLE_DIR);
        assertNotNull(volume(pod, tmp.getName()).orElseThrow().getEmptyDir(), dir + ": /tmp must be an emptyDir");
        assertFalse(Boolean.TRUE.equals(tmp.getReadOnly()), dir + ": /tmp must be writable");
        assertFalse(Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID()), dir + ": host namespaces");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void theHeapStaysBelowTheMemoryLimit(String dir) {
        RenderedManifests m = manifests(dir);
        Container c = m.container();
        Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null
                : c.getResources().getLimits().get("memory");
        assertNotNull(limit, dir + ": no memory limit");
        assertNotNull(c.getResources().getRequests().get("memory"), dir + ": no memory request");
        assertNotNull(c.getResources().getRequests().get("cpu"), dir + ": no cpu request");
        String options = c.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS")).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionError(dir + ": JAVA_TOOL_OPTIONS sizes the heap; it is missing"));
        Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(options);
        assertTrue(percent.find(), dir + ": JAVA_TOOL_OPTIONS has no -XX:MaxRAMPercentage: " + options);
        double p = Double.parseDouble(percent.group(1));
        assertTrue(p > 0 && p <= 75, dir + ": a heap of " + p + "% of the limit leaves too little for the rest of the JVM");
        assertFalse(options.contains("-Xmx"), dir + ": -Xmx would not follow the limit an overlay sets");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void networkPolicyLetsInOnlyTheManagementPortAndOutWhatTheServiceNeeds(String dir) {
        RenderedManifests m = manifests(dir);
        NetworkPolicy policy = m.one(NetworkPolicy.class);
        assertSelects(dir + " NetworkPolicy", policy.getSpec().getPodSelector().getMatchLabels(), m.podLabels());
        assertTrue(policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")), dir + ": policyTypes");
        List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
        assertFalse(ingress == null || ingress.isEmpty(), dir + ": no ingress allowed: Prometheus and hawtio cannot connect");
        int management = managementPort(m).getContainerPort();
        for (NetworkPolicyIngressRule rule : ingress) {
            assertFalse(rule.getPorts() == null || rule.getPorts().isEmpty(), dir + ": an ingress rule without ports opens every port");
            for (NetworkPolicyPort port : rule.getPorts()) {
                assertEquals(management, portNumber(m.container(), port.getPort()), dir + ": ingress allowed on another port");
            }
        }
        Set<String> egress = new TreeSet<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            for (NetworkPolicyPort port : Optional.ofNullable(rule.getPorts()).orElse(List.of())) {
                egress.add(Optional.ofNullable(port.getProtocol()).orElse("TCP") + "/" + port.getPort().getIntVal());
            }
        }
        assertTrue(egress.containsAll(List.of("UDP/53", "TCP/53", "TCP/3306", "TCP/443")), dir
                + ": egress must allow DNS, MariaDB and HTTPS (Cloud Storage, API server); allows " + egress);
    }

    // ---- monitoring ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("withMonitoring")
    void prometheusRuleAlertsOnTheContractsMetrics(String dir) {
        RenderedManifests m = manifests(dir);
        List<GenericKubernetesResource> rules = m.generic("PrometheusRule");
        assertEquals(1, rules.size(), dir + ": PrometheusRule objects");
        assertEquals("monitoring.coreos.com/v1", rules.get(0).getApiVersion());
        Map<String, String> alerts = new TreeMap<>();
        List<Map<String, Object>> groups = rules.get(0).get("spec", "groups");
        for (Map<String, Object> group : groups) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) group.get("rules");
            for (Map<String, Object> rule : list) {
                if (rule.get("alert") != null) {
                    alerts.put((String) rule.get("alert"), String.valueOf(rule.get("expr")));
                }
            }
        }
        assertEquals(new TreeSet<>(OpsContract.ALERTS.keySet()), alerts.keySet(), dir + ": the alerts");
        OpsContract.ALERTS.forEach((alert, series) -> assertTrue(alerts.get(alert).replace(" ", "").contains(series),
                () -> dir + ": " + alert + " must read " + series + ": " + alerts.get(alert)));
        for (Map.Entry<String, String> alert : alerts.entrySet()) {
            Matcher metric = METRIC.matcher(alert.getValue());
            while (metric.find()) {
                String name = metric.group();
                assertTrue(OpsContract.METRIC_NAMES.contains(name), () -> dir + ": " + alert.getKey() + " reads "
                        + name + ", which the service does not export");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withMonitoring")
    void podMonitorScrapesEveryPodsMetrics(String dir) {
        RenderedManifests m = manifests(dir);
        List<GenericKubernetesResource> monitors = m.generic("PodMonitor");
        assertEquals(1, monitors.size(), dir + ": PodMonitor objects");
        Map<String, String> selector = monitors.get(0).get("spec", "selector", "matchLabels");
        assertSelects(dir + " PodMonitor", selector, m.podLabels());
        List<Map<String, Object>> endpoints = monitors.get(0).get("spec", "podMetricsEndpoints");
        assertEquals(1, endpoints.size(), dir + ": PodMonitor endpoints");
        assertEquals(OpsContract.MANAGEMENT_PORT_NAME, endpoints.get(0).get("port"), dir + ": PodMonitor port");
        assertEquals(OpsContract.METRICS, endpoints.get(0).get("path"), dir + ": PodMonitor path");
        managementPort(m);
    }

    // ---- overlays ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void overlayPutsEveryNamespacedObjectIntoItsNamespace(String dir) {
        RenderedManifests m = manifests(dir);
        Namespace ns = m.one(Namespace.class);
        String name = ns.getMetadata().getName();
        assertEquals("restricted", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"),
                dir + ": the namespace enforces the restricted Pod Security Standard the pod meets");
        for (HasMetadata o : m.objects()) {
            boolean clusterScoped = o instanceof Namespace || o instanceof CustomResourceDefinition
                    || o instanceof ClusterRole || o instanceof ClusterRoleBinding;
            if (!clusterScoped) {
                assertEquals(name, o.getMetadata().getNamespace(), () -> dir + ": " + o.getKind() + " "
                        + o.getMetadata().getName() + " is not in namespace " + name);
            }
        }
    }

    @Test
    void devRunsOnePodWithTheExampleSecrets() {
        RenderedManifests m = manifests("overlays/dev");
        assertEquals(1, m.deployment().getSpec().getReplicas(), "dev replicas");
        assertEquals("sqlbackup-dev", m.one(Namespace.class).getMetadata().getName());
        Set<String> rendered = m.all(Secret.class).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> examples = RenderedManifests.readFile(EXAMPLE_SECRETS).stream().map(o -> o.getMetadata().getName())
                .collect(Collectors.toSet());
        assertEquals(examples, rendered, "dev carries the example Secrets so a scratch cluster starts");
    }

    @Test
    void productionRunsTwoSpreadPodsUnderADisruptionBudgetOnAPinnedImage() {
        RenderedManifests m = manifests("overlays/production");
        int replicas = m.deployment().getSpec().getReplicas();
        assertEquals(2, replicas, "production replicas");
        PodDisruptionBudget pdb = m.one(PodDisruptionBudget.class);
        assertSelects("production PodDisruptionBudget", pdb.getSpec().getSelector().getMatchLabels(), m.podLabels());
        assertNotNull(pdb.getSpec().getMinAvailable(), "the budget keeps a minimum of pods");
        int min = pdb.getSpec().getMinAvailable().getIntVal();
        assertTrue(min >= 1 && min < replicas, "minAvailable " + min + " must keep one pod and still let a node drain");
        var affinity = m.podSpec().getAffinity();
        assertTrue(affinity != null && affinity.getPodAntiAffinity() != null, "production spreads its pods (podAntiAffinity)");
        affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().forEach(term ->
                assertSelects("production anti-affinity", term.getPodAffinityTerm().getLabelSelector().getMatchLabels(),
                        m.podLabels()));
        String image = m.container().getImage();
        String tag = image.substring(image.lastIndexOf('/') + 1);
        assertTrue(tag.contains(":") && !tag.endsWith(":latest"), "production pins an image version: " + image);
        assertNotNull(m.container().getResources().getLimits().get("memory"));
    }

    @Test
    void productionNeverCarriesSecretsThatWouldOverwriteTheRealOnes() {
        RenderedManifests m = manifests("overlays/production");
        assertTrue(m.all(Secret.class).isEmpty(), "production must not apply Secrets (the example's placeholders would "
                + "replace the real values on every apply): " + m.all(Secret.class).stream().map(s -> s.getMetadata().getName()).toList());
        for (HasMetadata o : RenderedManifests.readFile(EXAMPLE_SECRETS)) {
            Secret s = (Secret) o;
            Collection<String> values = s.getStringData() == null ? List.of() : s.getStringData().values();
            assertFalse(values.isEmpty(), EXAMPLE_SECRETS + ": " + s.getMetadata().getName() + " shows no keys");
            values.forEach(v -> assertTrue(v.contains("CHANGE-ME"), EXAMPLE_SECRETS + ": " + s.getMetadata().getName()
                    + " holds something other than a placeholder"));
        }
    }

    // ---- spelling ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyFieldIsOneKubernetesKnows(String dir) {
        // fabric8 keeps a field it does not know (a misspelt readOnlyRootFileSystem, say) in
        // additionalProperties; the API server would drop it, or reject the object, without a word here.
        List<String> unknown = new ArrayList<>();
        for (HasMetadata o : manifests(dir).objects()) {
            unknownFields(o, o.getKind() + "/" + o.getMetadata().getName(), unknown);
        }
        assertTrue(unknown.isEmpty(), () -> dir + ": fields Kubernetes does not know:\n  " + String.join("\n  ", unknown));
    }

    private static void unknownFields(Object o, String path, List<String> found) {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object e : list) {
                unknownFields(e, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, found));
            return;
        }
        if (!o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")
                || o instanceof GenericKubernetesResource) {
            return; // Strings, numbers, JSON values, kinds without a model
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + getter.getName().substring(3), found);
            }
        }
    }

    // ---- helpers ----

    private static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        return all;
    }

    private static Optional<Volume> volume(PodSpec pod, String name) {
        return Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream().filter(v -> v.getName().equals(name)).findFirst();
    }

    private static VolumeMount mountAt(RenderedManifests m, String path) {
        return Optional.ofNullable(m.container().getVolumeMounts()).orElse(List.of()).stream()
                .filter(v -> path.equals(v.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(m + ": nothing is mounted at " + path));
    }
}

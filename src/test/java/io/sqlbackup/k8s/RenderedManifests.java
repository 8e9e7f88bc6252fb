package io.sqlbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The objects one kustomization renders to, as {@code kubectl kustomize} (kustomize built into
 * kubectl, what {@code kubectl apply -k} applies) prints them, parsed into the fabric8 model.
 * Kinds fabric8 does not know, or knows only through an optional model jar (the Prometheus
 * operator's), are read as {@link GenericKubernetesResource}.
 */
final class RenderedManifests {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String KUBECTL = "kubectl";

    private final String name;
    private final List<HasMetadata> objects;

    private RenderedManifests(String name, List<HasMetadata> objects) {
        this.name = name;
        this.objects = objects;
    }

    /**
     * Renders {@code k8s/DIR}. Without kubectl the calling test is skipped, or fails when
     * {@code SQLBACKUP_TEST_REQUIRE_TOOLS=true} (environment, or the system property the Maven
     * profile sets from it) says every tool must be there.
     */
    static RenderedManifests render(String dir) {
        requireKubectl();
        Path path = Path.of("k8s", dir);
        assertTrue(Files.isDirectory(path), "no kustomization directory " + path.toAbsolutePath());
        try {
            // stderr to a file: kubectl never blocks on a full pipe while stdout is read
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(KUBECTL, "kustomize", path.toString())
                        .redirectError(errors.toFile()).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("kubectl kustomize " + path + " did not finish in 60 s");
                }
                String err = Files.readString(errors);
                assertEquals(0, p.exitValue(), () -> "kubectl kustomize " + path + " failed:\n" + err);
                return new RenderedManifests(dir, parse(out, "kubectl kustomize " + path));
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl kustomize " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted rendering " + path, e);
        }
    }

    /** Objects of a YAML file of the repository (several documents allowed), not rendered. */
    static List<HasMetadata> readFile(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static List<HasMetadata> parse(String yaml, String source) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> result = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            for (Object o : list) {
                result.add(asObject(o, source));
            }
        } else if (parsed != null) {
            result.add(asObject(parsed, source));
        }
        return result;
    }

    private static HasMetadata asObject(Object o, String source) {
        if (o instanceof HasMetadata h) {
            return h;
        }
        throw new AssertionError(source + " holds something that is not a Kubernetes object: " + o);
    }

    private static void requireKubectl() {
        boolean mandatory = Boolean.getBoolean("sqlbackup.test.require-tools")
                || "true".equalsIgnoreCase(System.getenv("SQLBACKUP_TEST_REQUIRE_TOOLS"));
        boolean present = onPath(KUBECTL);
        String message = "kubectl (with its built-in kustomize) is not installed; install it to check the manifests in k8s/";
        if (mandatory) {
            Assertions.assertTrue(present, message + " (SQLBACKUP_TEST_REQUIRE_TOOLS=true)");
        } else {
            Assumptions.assumeTrue(present, message);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    String name() {
        return name;
    }

    List<HasMetadata> objects() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String objectName) {
        return all(type).stream().filter(o -> objectName.equals(o.getMetadata().getName())).findFirst();
    }

    /** The one object of a type, failing when there is none or more than one. */
    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertEquals(1, found.size(), () -> name + " renders " + found.size() + " " + type.getSimpleName() + " objects, expected one");
        return found.get(0);
    }

    /** Objects of a kind, whatever model class fabric8 parsed them into, as generic resources. */
    List<GenericKubernetesResource> generic(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind()))
                .map(o -> SERIALIZATION.convertValue(o, GenericKubernetesResource.class)).toList();
    }

    Deployment deployment() {
        return one(Deployment.class);
    }

    PodSpec podSpec() {
        return deployment().getSpec().getTemplate().getSpec();
    }

    Map<String, String> podLabels() {
        return deployment().getSpec().getTemplate().getMetadata().getLabels();
    }

    Container container() {
        List<Container> containers = podSpec().getContainers();
        assertEquals(1, containers.size(), () -> name + ": the pod has " + containers.size() + " containers, expected one");
        return containers.get(0);
    }

    /** Data keys of a Secret, whether written as data or stringData. */
    static TreeSet<String> keys(Secret secret) {
        TreeSet<String> keys = new TreeSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return keys;
    }

    static TreeSet<String> keys(ConfigMap map) {
        TreeSet<String> keys = new TreeSet<>();
        if (map.getData() != null) {
            keys.addAll(map.getData().keySet());
        }
        if (map.getBinaryData() != null) {
            keys.addAll(map.getBinaryData().keySet());
        }
        return keys;
    }

    @Override
    public String toString() {
        return name;
    }
}

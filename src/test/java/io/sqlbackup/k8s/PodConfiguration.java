package io.sqlbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configuration the service in the rendered pod sees: the application.properties of the
 * ConfigMap mounted where the image reads it, layered over the embedded defaults, with the
 * container's literal environment variables overriding the keys they name (the contract's rule:
 * upper case, {@code .} and {@code -} to {@code _}, only for keys the defaults or the file declare).
 */
final class PodConfiguration {

    static final Path EMBEDDED_DEFAULTS = Path.of("config", "application.properties");

    private final Properties embedded;
    private final Properties file;
    private final Map<String, String> effective = new TreeMap<>();

    private PodConfiguration(Properties embedded, Properties file, Container container) {
        this.embedded = embedded;
        this.file = file;
        embedded.stringPropertyNames().forEach(k -> effective.put(k, embedded.getProperty(k).trim()));
        file.stringPropertyNames().forEach(k -> effective.put(k, file.getProperty(k).trim()));
        if (container.getEnv() != null) {
            for (EnvVar env : container.getEnv()) {
                declaredKeyOf(env.getName()).ifPresent(key -> {
                    if (env.getValue() != null) {
                        effective.put(key, env.getValue().trim());
                    } else {
                        effective.put(key, "<from " + describe(env) + ">");
                    }
                });
            }
        }
    }

    static PodConfiguration of(RenderedManifests render) {
        Container container = render.container();
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(m -> OpsContract.CONFIG_FILE.equals(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(render + ": nothing is mounted at " + OpsContract.CONFIG_FILE
                        + ", where the image's entrypoint reads its configuration"));
        Volume volume = render.podSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(render + ": no volume " + mount.getName()));
        assertNotNull(volume.getConfigMap(), () -> render + ": " + OpsContract.CONFIG_FILE + " does not come from a ConfigMap");
        String mapName = volume.getConfigMap().getName();
        ConfigMap map = render.find(ConfigMap.class, mapName)
                .orElseThrow(() -> new AssertionError(render + ": the mounted ConfigMap " + mapName + " is not rendered"));
        String key = mount.getSubPath();
        assertNotNull(key, () -> render + ": " + OpsContract.CONFIG_FILE + " must be one file (subPath) of the ConfigMap");
        String text = map.getData() == null ? null : map.getData().get(key);
        assertNotNull(text, () -> render + ": ConfigMap " + mapName + " has no key " + key);
        return new PodConfiguration(load(EMBEDDED_DEFAULTS), parse(new StringReader(text), "ConfigMap " + mapName),
                container);
    }

    private static Properties load(Path path) {
        try (Reader r = Files.newBufferedReader(path)) {
            return parse(r, path.toString());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
    }

    private static Properties parse(Reader reader, String source) {
        Properties p = new Properties();
        try {
            p.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new AssertionError(source + " is not a properties file: " + e.getMessage(), e);
        }
        assertTrue(!p.isEmpty(), source + " sets nothing");
        return p;
    }

    /**
     * Reads the ConfigMap's application.properties as the service reads its --config file (which
     * refuses a key that is no setting), so a typo in a manifest fails here and not at the pod's start.
     */
    void loadAsTheServiceDoes() {
        try {
            Path copy = Files.createTempFile("configmap-", ".properties");
            try (java.io.Writer w = Files.newBufferedWriter(copy)) {
                file.store(w, null);
            }
            try {
                new io.sqlbackup.config.SettingsLoader(Map.of()).load(copy, java.util.List.of());
            } finally {
                Files.delete(copy);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The key the service would let this environment variable override, if it declares one. */
    Optional<String> declaredKeyOf(String envName) {
        return effectiveKeys().stream().filter(k -> envName(k).equals(envName)).findFirst();
    }

    private Set<String> effectiveKeys() {
        Set<String> keys = new TreeSet<>(embedded.stringPropertyNames());
        keys.addAll(file.stringPropertyNames());
        return keys;
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String describe(EnvVar env) {
        if (env.getValueFrom() == null) {
            return "nothing";
        }
        if (env.getValueFrom().getSecretKeyRef() != null) {
            return "secret " + env.getValueFrom().getSecretKeyRef().getName();
        }
        return "a reference";
    }

    /** What the file in the ConfigMap says, before environment variables. */
    String inFile(String key) {
        return file.getProperty(key) == null ? null : file.getProperty(key).trim();
    }

    /** What the service runs with. */
    String get(String key) {
        return effective.get(key);
    }
}

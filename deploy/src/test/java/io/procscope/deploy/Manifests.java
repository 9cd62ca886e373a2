package io.procscope.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The Kubernetes manifests of {@code deploy/k8s}, parsed into fabric8's typed model. */
final class Manifests {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Custom resources without a typed model here, checked field by field by their tests. */
    static final Set<String> CUSTOM_KINDS = Set.of("ServiceMonitor", "PodMonitor", "PrometheusRule");

    /** Not part of the base on purpose: applying the base must never overwrite the real keys. */
    static final Path EXAMPLE_SECRET = Repo.K8S.resolve("secret.example.yaml");

    /** The agents' Secret, in their namespace; not part of the base either. */
    static final Path AGENT_EXAMPLE_SECRET = Repo.K8S.resolve("agent-secret.example.yaml");

    /** The API's and PostgreSQL's Secret, in {@link #NAMESPACE}. */
    static final String SECRET = "procscope-secrets";

    /** The agents' Secret, in {@link #AGENT_NAMESPACE}: the enrollment secret alone. */
    static final String AGENT_SECRET = "procscope-agent-secrets";

    /** The API and PostgreSQL, under Pod Security "restricted". */
    static final String NAMESPACE = "procscope";

    /** The agents, under Pod Security "privileged". */
    static final String AGENT_NAMESPACE = "procscope-agent";

    private static final ObjectMapper STRICT_YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static List<HasMetadata> base;

    private Manifests() {}

    /** The kustomization of a directory, rejecting any field this record does not know. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Kustomization(
            String apiVersion,
            String kind,
            String namespace,
            List<Labels> labels,
            List<String> resources,
            List<String> components,
            List<Patch> patches,
            List<Image> images) {

        record Labels(Map<String, String> pairs, Boolean includeSelectors, Boolean includeTemplates) {}

        record Patch(String path, String patch, Target target) {}

        record Target(
                String group,
                String version,
                String kind,
                String name,
                String namespace,
                String labelSelector,
                String annotationSelector) {}

        record Image(String name, String newName, String newTag, String digest) {}

        static Kustomization read(Path dir) {
            try {
                return STRICT_YAML.readValue(dir.resolve("kustomization.yaml").toFile(), Kustomization.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Kustomization kustomization() {
        return Kustomization.read(Repo.K8S);
    }

    /** Every object the base lists, parsed, in the order of the kustomization. */
    static synchronized List<HasMetadata> base() {
        if (base == null) {
            base = kustomization().resources().stream()
                    .map(Repo.K8S::resolve)
                    .map(Manifests::parse)
                    .toList();
        }
        return base;
    }

    /** One manifest file, which holds one object. */
    static HasMetadata parse(Path file) {
        Object parsed = SERIALIZATION.unmarshal(Repo.read(file));
        if (!(parsed instanceof HasMetadata object)) {
            throw new AssertionError(Repo.relative(file) + " does not hold one Kubernetes object: " + parsed);
        }
        return object;
    }

    /** Every YAML document of a file, read with duplicate keys rejected. */
    static List<JsonNode> documents(Path file) {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            List<JsonNode> documents = new ArrayList<>();
            new YAMLMapper().readValues(parser, JsonNode.class).forEachRemaining(documents::add);
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(Repo.relative(file) + ": " + e.getMessage(), e);
        }
    }

    static <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name)
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in deploy/k8s"));
    }

    static <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return base().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    static GenericKubernetesResource custom(String kind, String name) {
        return base().stream()
                .filter(o ->
                        o instanceof GenericKubernetesResource && o.getKind().equals(kind))
                .map(GenericKubernetesResource.class::cast)
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    static Deployment api() {
        return get(Deployment.class, "procscope-api");
    }

    static DaemonSet agent() {
        return get(DaemonSet.class, "procscope-agent");
    }

    static StatefulSet postgres() {
        return get(StatefulSet.class, "procscope-postgres");
    }

    /** The example Secrets, by namespace. */
    static Map<String, io.fabric8.kubernetes.api.model.Secret> exampleSecrets() {
        Map<String, io.fabric8.kubernetes.api.model.Secret> secrets = new java.util.LinkedHashMap<>();
        for (Path file : List.of(EXAMPLE_SECRET, AGENT_EXAMPLE_SECRET)) {
            var secret = (io.fabric8.kubernetes.api.model.Secret) parse(file);
            secrets.put(secret.getMetadata().getNamespace(), secret);
        }
        return secrets;
    }

    /** The namespace of a workload named as {@link #podTemplates()} names it. */
    static String namespaceOf(String workload) {
        String[] kindName = workload.split("/", 2);
        return base().stream()
                .filter(o -> o.getKind().equals(kindName[0])
                        && o.getMetadata().getName().equals(kindName[1]))
                .findFirst()
                .orElseThrow()
                .getMetadata()
                .getNamespace();
    }

    /** The pod templates of every workload in the base, by workload name. */
    static Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new java.util.LinkedHashMap<>();
        for (HasMetadata o : base()) {
            if (o instanceof Deployment d) {
                templates.put(
                        d.getKind() + "/" + d.getMetadata().getName(),
                        d.getSpec().getTemplate());
            } else if (o instanceof DaemonSet d) {
                templates.put(
                        d.getKind() + "/" + d.getMetadata().getName(),
                        d.getSpec().getTemplate());
            } else if (o instanceof StatefulSet s) {
                templates.put(
                        s.getKind() + "/" + s.getMetadata().getName(),
                        s.getSpec().getTemplate());
            }
        }
        return templates;
    }

    static Container container(PodTemplateSpec template) {
        List<Container> containers = template.getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return containers.get(0);
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " does not set " + name));
    }

    /** The number of a port given by number or by the name of one of the container's ports. */
    static int port(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + port.getStrVal()))
                .getContainerPort();
    }

    /**
     * Every field that the typed model did not recognise, anywhere in the object: fabric8 keeps them
     * in {@code additionalProperties} instead of failing, so a misspelt {@code readinesProbe} would
     * otherwise be dropped without a word.
     */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, root.getClass().getSimpleName(), found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        found.add(path + ": " + extra.keySet());
                    }
                } else {
                    walk(fieldValue, path + "." + field.getName(), found);
                }
            }
        }
    }

    /** A field of a custom resource, by path: {@code field(monitor, "spec", "selector")}. */
    @SuppressWarnings("unchecked")
    static Object field(GenericKubernetesResource resource, String... path) {
        Object current = resource.getAdditionalProperties();
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new AssertionError(resource.getKind() + " "
                        + resource.getMetadata().getName() + " has no " + String.join(".", path));
            }
            current = ((Map<String, Object>) map).get(key);
        }
        return current;
    }

    /** The keys of a map read from a custom resource. */
    @SuppressWarnings("unchecked")
    static Set<String> keys(Object map) {
        if (!(map instanceof Map<?, ?>)) {
            throw new AssertionError("not a mapping: " + map);
        }
        return ((Map<String, ?>) map).keySet();
    }
}

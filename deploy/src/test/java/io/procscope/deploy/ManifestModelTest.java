package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest of {@code deploy/k8s} parses into fabric8's typed model with no field left over:
 * a misspelt field is an error here rather than a setting Kubernetes silently drops.
 */
class ManifestModelTest {

    static Stream<Path> manifests() {
        return Stream.concat(
                Manifests.kustomization().resources().stream().map(Repo.K8S::resolve),
                Stream.of(Manifests.EXAMPLE_SECRET, Manifests.AGENT_EXAMPLE_SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void manifestParsesIntoItsTypedModelWithNoUnknownField(Path file) {
        assertThat(Manifests.documents(file))
                .as("%s holds one object (one file per component and kind)", Repo.relative(file))
                .hasSize(1);

        HasMetadata object = Manifests.parse(file);

        if (object instanceof GenericKubernetesResource) {
            assertThat(object.getKind())
                    .as(
                            "%s: kind %s with apiVersion %s has no typed model: a misspelt kind or apiVersion?",
                            Repo.relative(file), object.getKind(), object.getApiVersion())
                    .isIn(Manifests.CUSTOM_KINDS);
            assertThat(object.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        } else {
            assertThat(Manifests.unknownFields(object))
                    .as("fields of %s that Kubernetes does not know", Repo.relative(file))
                    .isEmpty();
        }
        assertThat(object.getMetadata().getName()).startsWith("procscope");
    }

    @Test
    void misspeltFieldsAreFound() {
        HasMetadata deployment = (HasMetadata) Manifests.SERIALIZATION.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          readinesProbe:
                            httpGet: {path: /q/health/ready, port: 8080}
                          resources:
                            limit: {memory: 1Gi}
                """);

        assertThat(Manifests.unknownFields(deployment))
                .hasSize(2)
                .anySatisfy(f -> assertThat(f).contains("containers[0]").contains("readinesProbe"))
                .anySatisfy(f -> assertThat(f).contains("resources").contains("limit"));
    }

    @Test
    void everyManifestIsInTheBaseExceptTheExampleSecrets() {
        Set<String> listed = new HashSet<>(Manifests.kustomization().resources());
        Set<String> files = new HashSet<>();
        Repo.list(Repo.K8S, ".yaml").forEach(p -> files.add(p.getFileName().toString()));
        files.remove("kustomization.yaml");

        assertThat(listed)
                .as("files the kustomization lists")
                .noneSatisfy(f -> assertThat(f).endsWith(".example.yaml"));
        assertThat(files).contains("secret.example.yaml", "agent-secret.example.yaml");
        files.removeIf(f -> f.endsWith(".example.yaml"));
        assertThat(listed).as("every manifest in deploy/k8s is applied").isEqualTo(files);
    }

    @Test
    void kustomizationLabelsEveryObjectAndPodWithTheReleaseButNoSelector() {
        var labels = Manifests.kustomization().labels();

        assertThat(labels).singleElement().satisfies(l -> {
            assertThat(l.pairs())
                    .containsEntry("app.kubernetes.io/part-of", "procscope")
                    .containsEntry("app.kubernetes.io/instance", "procscope")
                    .containsEntry("app.kubernetes.io/version", Repo.releaseVersion());
            assertThat(l.includeTemplates()).isTrue();
            assertThat(l.includeSelectors()).isNotEqualTo(Boolean.TRUE);
        });
        assertThat(Manifests.base())
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                        .as("%s %s", o.getKind(), o.getMetadata().getName())
                        .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/component"));
    }

    @Test
    void kustomizationsUseOnlyKnownFields() {
        assertThat(Manifests.kustomization().apiVersion()).isEqualTo("kustomize.config.k8s.io/v1beta1");
        Repo.list(Repo.K8S_OVERLAYS, "")
                .forEach(overlay -> assertThat(
                                Manifests.Kustomization.read(overlay).resources())
                        .as("overlay %s builds on the base", Repo.relative(overlay))
                        .contains("../../k8s"));
    }

    @Test
    void theAgentsLiveInTheirOwnNamespaceAndEverythingElseInProcscope() {
        // no kustomize namespace: it would move every object, the agents' included, into one
        assertThat(Manifests.kustomization().namespace()).isNull();
        assertThat(Manifests.get(Namespace.class, Manifests.NAMESPACE)).isNotNull();
        assertThat(Manifests.get(Namespace.class, Manifests.AGENT_NAMESPACE)).isNotNull();
        assertThat(Manifests.base())
                .filteredOn(o -> !(o instanceof Namespace
                        || o instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRole
                        || o instanceof ClusterRoleBinding))
                .allSatisfy(o -> {
                    boolean agent = "agent".equals(o.getMetadata().getLabels().get("app.kubernetes.io/component"));
                    assertThat(o.getMetadata().getNamespace())
                            .as("%s %s", o.getKind(), o.getMetadata().getName())
                            .isEqualTo(agent ? Manifests.AGENT_NAMESPACE : Manifests.NAMESPACE);
                });
        assertThat(Manifests.base())
                .filteredOn(o -> o instanceof Namespace
                        || o instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRole
                        || o instanceof ClusterRoleBinding)
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                        .as(
                                "%s %s is cluster-scoped",
                                o.getKind(), o.getMetadata().getName())
                        .isNull());
        assertThat(Manifests.exampleSecrets()).containsOnlyKeys(Manifests.NAMESPACE, Manifests.AGENT_NAMESPACE);
        assertThat(Manifests.exampleSecrets()
                        .get(Manifests.NAMESPACE)
                        .getMetadata()
                        .getName())
                .isEqualTo(Manifests.SECRET);
        assertThat(Manifests.exampleSecrets()
                        .get(Manifests.AGENT_NAMESPACE)
                        .getMetadata()
                        .getName())
                .isEqualTo(Manifests.AGENT_SECRET);
        assertThat(Manifests.get(ClusterRoleBinding.class, "procscope-agent").getSubjects())
                .allSatisfy(s -> assertThat(s.getNamespace()).isEqualTo(Manifests.AGENT_NAMESPACE));
    }
}

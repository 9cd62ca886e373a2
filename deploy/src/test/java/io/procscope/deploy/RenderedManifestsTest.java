package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl kustomize} makes of the base and its overlays, the way {@code kubectl apply -k}
 * would send it. Skipped where kubectl is not installed; deploy/k8s/render-check.sh says so too.
 */
class RenderedManifestsTest {

    private static final Set<Class<?>> CLUSTER_SCOPED =
            Set.of(Namespace.class, ClusterRole.class, ClusterRoleBinding.class);

    @BeforeAll
    static void kubectlIsInstalled() {
        assumeTrue(
                Command.output("kubectl", "version", "--client").exitCode() == 0,
                "kubectl is not installed: rendering not checked");
    }

    @Test
    void baseRendersEveryObjectIntoTheNamespaceItNames() {
        List<HasMetadata> objects = render(Repo.K8S);

        assertThat(objects).hasSameSizeAs(Manifests.kustomization().resources());
        assertThat(objects).allSatisfy(o -> {
            if (!CLUSTER_SCOPED.contains(o.getClass())) {
                assertThat(o.getMetadata().getNamespace())
                        .as("%s %s", o.getKind(), o.getMetadata().getName())
                        .isIn(Manifests.NAMESPACE, Manifests.AGENT_NAMESPACE);
            }
        });
        assertThat(objects)
                .filteredOn(o -> o.getKind().equals("DaemonSet"))
                .singleElement()
                .satisfies(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(Manifests.AGENT_NAMESPACE));
    }

    @Test
    void everyObjectAndPodCarriesTheRecommendedLabelsAndNoSelectorTheVersion() {
        Map<String, String> recommended = Map.of(
                "app.kubernetes.io/part-of", "procscope",
                "app.kubernetes.io/instance", "procscope",
                "app.kubernetes.io/version", Repo.releaseVersion());
        for (Path dir : Stream.concat(Stream.of(Repo.K8S), Repo.list(Repo.K8S_OVERLAYS, "").stream())
                .toList()) {
            List<HasMetadata> objects = render(dir);
            assertThat(objects).allSatisfy(o -> {
                assertThat(o.getMetadata().getLabels())
                        .as(
                                "%s: %s %s",
                                Repo.relative(dir), o.getKind(), o.getMetadata().getName())
                        .containsAllEntriesOf(recommended)
                        .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/component");
                PodTemplateSpec template = template(o);
                if (template != null) {
                    assertThat(template.getMetadata().getLabels())
                            .as("pods of %s", o.getMetadata().getName())
                            .containsAllEntriesOf(recommended);
                    // a selector cannot change after creation: the version in one would stop the upgrade
                    assertThat(selector(o))
                            .as("selector of %s", o.getMetadata().getName())
                            .doesNotContainKeys("app.kubernetes.io/version", "app.kubernetes.io/instance");
                }
            });
        }
    }

    @Test
    void externalDatabaseOverlayDropsTheBundledPostgres() {
        List<HasMetadata> objects = render(Repo.K8S_OVERLAYS.resolve("external-database"));

        assertThat(objects)
                .noneSatisfy(o -> assertThat(o.getMetadata().getName()).isEqualTo("procscope-postgres"));
        ConfigMap config = objects.stream()
                .filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(config.getData().get("QUARKUS_DATASOURCE_JDBC_URL"))
                .doesNotContain("procscope-postgres")
                .contains("reWriteBatchedInserts=true");
        // its StatefulSet, Service, init script and NetworkPolicy
        assertThat(objects).hasSize(Manifests.kustomization().resources().size() - 4);
        assertThat(objects)
                .noneSatisfy(o -> assertThat(o.getMetadata().getName()).isEqualTo("procscope-postgres-init"));
        assertThat(ApiManifestsTest.parameters(
                                ApiManifestsTest.jdbc(config.getData().get("QUARKUS_DATASOURCE_JDBC_URL"))
                                        .getQuery())
                        .get("sslmode"))
                .as("an outside database is reached over TLS")
                .isIn("require", "verify-ca", "verify-full");
    }

    @Test
    void overlayWithoutPrometheusOperatorHasNoMonitoringResources() {
        List<HasMetadata> objects = render(Repo.K8S_OVERLAYS.resolve("without-prometheus-operator"));

        assertThat(objects).noneSatisfy(o -> assertThat(o.getApiVersion()).startsWith("monitoring.coreos.com/"));
        assertThat(objects).hasSize(Manifests.kustomization().resources().size() - Manifests.CUSTOM_KINDS.size());
    }

    private static PodTemplateSpec template(HasMetadata o) {
        if (o instanceof Deployment d) {
            return d.getSpec().getTemplate();
        } else if (o instanceof DaemonSet d) {
            return d.getSpec().getTemplate();
        } else if (o instanceof StatefulSet s) {
            return s.getSpec().getTemplate();
        }
        return null;
    }

    private static Map<String, String> selector(HasMetadata o) {
        if (o instanceof Deployment d) {
            return d.getSpec().getSelector().getMatchLabels();
        } else if (o instanceof DaemonSet d) {
            return d.getSpec().getSelector().getMatchLabels();
        }
        return ((StatefulSet) o).getSpec().getSelector().getMatchLabels();
    }

    private static List<HasMetadata> render(Path dir) {
        Command.Result result = Command.output("kubectl", "kustomize", dir.toString());
        assertThat(result.exitCode())
                .as("kubectl kustomize %s: %s", Repo.relative(dir), result.output())
                .isZero();
        List<HasMetadata> objects = Manifests.SERIALIZATION.unmarshal(result.output());
        assertThat(objects).allSatisfy(o -> assertThat(o).isInstanceOf(HasMetadata.class));
        return objects;
    }
}

package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
    void baseRendersEveryObjectIntoTheProcscopeNamespace() {
        List<HasMetadata> objects = render(Repo.K8S);

        assertThat(objects).hasSameSizeAs(Manifests.kustomization().resources());
        assertThat(objects).allSatisfy(o -> {
            if (!CLUSTER_SCOPED.contains(o.getClass())) {
                assertThat(o.getMetadata().getNamespace())
                        .as("%s %s", o.getKind(), o.getMetadata().getName())
                        .isEqualTo("procscope");
            }
            assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "procscope");
        });
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
        assertThat(objects).hasSize(Manifests.kustomization().resources().size() - 2);
    }

    @Test
    void overlayWithoutPrometheusOperatorHasNoMonitoringResources() {
        List<HasMetadata> objects = render(Repo.K8S_OVERLAYS.resolve("without-prometheus-operator"));

        assertThat(objects).noneSatisfy(o -> assertThat(o.getApiVersion()).startsWith("monitoring.coreos.com/"));
        assertThat(objects).hasSize(Manifests.kustomization().resources().size() - Manifests.CUSTOM_KINDS.size());
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

package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
        assumeTrue(kubectl("version", "--client").exitCode() == 0, "kubectl is not installed: rendering not checked");
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
        Result result = kubectl("kustomize", dir.toString());
        assertThat(result.exitCode())
                .as("kubectl kustomize %s: %s", Repo.relative(dir), result.output())
                .isZero();
        List<HasMetadata> objects = Manifests.SERIALIZATION.unmarshal(result.output());
        assertThat(objects).allSatisfy(o -> assertThat(o).isInstanceOf(HasMetadata.class));
        return objects;
    }

    private record Result(int exitCode, String output) {}

    private static Result kubectl(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
